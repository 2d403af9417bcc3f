// The live factory view: robots, ingestion rates, rejects, anchor batches and dead letters, fed
// by GET /api/events (Server-Sent Events) and the operator API. Everything received is written
// with textContent, never as HTML: dead letters carry whatever a sender put in them.

import { ApiError, api, followEvents } from './api.js';
import { $, mountHeader, clearProblem, reportRefusedToken, showProblem } from './page.js';
import { loadRecentGoods, mountRecentGoods } from './goods-page.js';

const ROBOTS_REFRESH_MS = 2000;
const GOODS_REFRESH_MS = 5000;
const MAX_DEAD_LETTERS = 20;
const MAX_REFUSED = 20;
const MAX_ROBOT_EVENTS = 20;
const RECONNECT_MIN_MS = 1000;
const RECONNECT_MAX_MS = 10000;

const decimal = new Intl.NumberFormat('en', { maximumFractionDigits: 1 });
const integer = new Intl.NumberFormat('en', { maximumFractionDigits: 0 });
const clock = new Intl.DateTimeFormat('en-GB', { hour: '2-digit', minute: '2-digit', second: '2-digit' });

const robotRows = new Map();
const deadLetters = new Map();
let stream = null;
let robotsRefreshing = false;
let robotsRefreshQueued = false;

// --- problems and connection state ---

function report(error, doing) {
  if (!reportRefusedToken(error, doing, 'an operator')) {
    showProblem(`Failed while ${doing}: ${error.message}`);
  }
}

function setConnection(state, text) {
  const connection = $('connection');
  connection.className = `connection ${state}`;
  connection.textContent = text;
}

// --- robots ---

function cell(row, className) {
  const td = document.createElement('td');
  if (className) {
    td.className = className;
  }
  row.append(td);
  return td;
}

function robotRow(robotId) {
  let row = robotRows.get(robotId);
  if (row) {
    return row;
  }
  const tr = document.createElement('tr');
  const name = document.createElement('th');
  name.scope = 'row';
  name.textContent = robotId;
  tr.append(name);
  row = {
    tr,
    status: cell(tr),
    lastSeen: cell(tr),
    lastSeq: cell(tr, 'number'),
    readings: cell(tr, 'number'),
    rejected: cell(tr, 'number'),
    action: cell(tr),
  };
  const revoke = document.createElement('button');
  revoke.type = 'button';
  revoke.textContent = 'Revoke';
  revoke.setAttribute('aria-label', `Revoke ${robotId}`);
  revoke.addEventListener('click', () => confirmRevoke(robotId));
  row.action.append(revoke);
  row.revoke = revoke;
  robotRows.set(robotId, row);
  return row;
}

function timeCell(target, iso) {
  target.replaceChildren();
  if (!iso) {
    target.textContent = 'never';
    return;
  }
  const time = document.createElement('time');
  time.dateTime = iso;
  time.title = iso;
  time.textContent = ago(new Date(iso));
  target.append(time);
}

function ago(date) {
  const seconds = Math.max(0, Math.round((Date.now() - date.getTime()) / 1000));
  if (seconds < 60) {
    return `${seconds} s ago`;
  }
  if (seconds < 3600) {
    return `${Math.floor(seconds / 60)} min ago`;
  }
  return clock.format(date);
}

function renderRobot(robot) {
  const row = robotRow(robot.robotId);
  row.status.textContent = robot.status;
  row.status.className = `status-${robot.status}`;
  if (robot.lastSeq !== undefined) {
    timeCell(row.lastSeen, robot.lastSeen);
    row.lastSeq.textContent = robot.lastSeq ?? '–';
    row.readings.textContent = integer.format(robot.readingsAccepted);
    row.rejected.textContent = integer.format(robot.rejected);
    row.rejected.title = Object.entries(robot.rejectedByReason ?? {})
      .map(([reason, count]) => `${reason}: ${count}`).join(', ');
  }
  row.revoke.hidden = robot.status !== 'ACTIVE';
}

function renderRobots(robots) {
  const tbody = $('robots').tBodies[0];
  const seen = new Set();
  for (const robot of robots) {
    renderRobot(robot);
    seen.add(robot.robotId);
  }
  for (const [robotId, row] of robotRows) {
    if (!seen.has(robotId)) {
      row.tr.remove();
      robotRows.delete(robotId);
    }
  }
  tbody.replaceChildren(...[...robotRows.keys()].sort().map((robotId) => robotRows.get(robotId).tr));
  $('no-robots').hidden = robotRows.size > 0;
}

async function refreshRobots() {
  if (robotsRefreshing) {
    robotsRefreshQueued = true;
    return;
  }
  robotsRefreshing = true;
  try {
    renderRobots(await api('/api/robots'));
  } catch (error) {
    report(error, 'loading the robots');
  } finally {
    robotsRefreshing = false;
    if (robotsRefreshQueued) {
      robotsRefreshQueued = false;
      refreshRobots();
    }
  }
}

function confirmRevoke(robotId) {
  const dialog = $('revoke-dialog');
  $('revoke-robot').textContent = robotId;
  dialog.returnValue = '';
  dialog.addEventListener('close', async () => {
    if (dialog.returnValue !== 'revoke') {
      return;
    }
    try {
      renderRobot(await api(`/api/robots/${encodeURIComponent(robotId)}/revoke`, { method: 'POST' }));
      clearProblem();
    } catch (error) {
      report(error, `revoking ${robotId}`);
    }
    refreshRobots();
  }, { once: true });
  dialog.showModal();
}

// --- ingestion snapshot ---

function renderSnapshot(snapshot) {
  $('readings-rate').textContent = decimal.format(snapshot.readingsPerSecond);
  $('envelopes-rate').textContent = decimal.format(snapshot.envelopesPerSecond);
  $('pending-readings').textContent = integer.format(snapshot.pendingReadings);
  $('batches-sealed').textContent = integer.format(snapshot.anchorBatches.sealed);
  $('batches-pending').textContent = integer.format(snapshot.anchorBatches.pendingSubmission);
  $('batches-anchored').textContent = integer.format(snapshot.anchorBatches.anchored);
  $('ledger-note').hidden = snapshot.ledgerConnected;

  const tbody = $('rejects').tBodies[0];
  tbody.replaceChildren(...Object.entries(snapshot.rejectedSinceStart).map(([reason, total]) => {
    const tr = document.createElement('tr');
    const name = document.createElement('th');
    name.scope = 'row';
    name.textContent = reason;
    tr.append(name);
    cell(tr, 'number').textContent = integer.format(snapshot.rejectedInInterval[reason] ?? 0);
    cell(tr, 'number').textContent = integer.format(total);
    return tr;
  }));
}

// --- dead letters and robot changes ---

function addDeadLetters(letters) {
  for (const letter of letters) {
    deadLetters.set(letter.id, letter);
  }
  const newest = [...deadLetters.values()].sort((a, b) => b.id - a.id).slice(0, MAX_DEAD_LETTERS);
  deadLetters.clear();
  newest.forEach((letter) => deadLetters.set(letter.id, letter));
  $('dead-letters').tBodies[0].replaceChildren(...newest.map((letter) => {
    const tr = document.createElement('tr');
    timeCell(cell(tr), letter.receivedAt);
    cell(tr).textContent = letter.reason;
    cell(tr).textContent = letter.robotId ?? '–';
    cell(tr, 'number').textContent = letter.seq ?? '–';
    cell(tr, 'detail').textContent = letter.detail;
    return tr;
  }));
}

async function loadDeadLetters() {
  try {
    addDeadLetters(await api(`/api/dead-letters?limit=${MAX_DEAD_LETTERS}`));
  } catch (error) {
    report(error, 'loading the dead letters');
  }
}

// --- refused production events ---

async function loadRefusedEvents() {
  try {
    const refused = await api(`/api/production-events?state=REFUSED&limit=${MAX_REFUSED}`);
    $('refused').tBodies[0].replaceChildren(...refused.map((event) => {
      const tr = document.createElement('tr');
      timeCell(cell(tr), event.decidedAt ?? event.receivedAt);
      cell(tr).textContent = event.robotId;
      cell(tr, 'number').textContent = event.seq;
      cell(tr).textContent = event.type;
      cell(tr).textContent = event.goodId ?? '–';
      cell(tr).textContent = event.refusedBy ?? '–';
      cell(tr).textContent = event.errorCode ?? '–';
      cell(tr, 'detail').textContent = event.errorMessage ?? '';
      return tr;
    }));
    $('refused').hidden = refused.length === 0;
    $('no-refused').hidden = refused.length > 0;
  } catch (error) {
    report(error, 'loading the refused production events');
  }
}

function addRobotChange(change) {
  const list = $('robot-events');
  const item = document.createElement('li');
  const verb = change.status === 'REVOKED' ? 'revoked' : 'registered';
  item.textContent = `${clock.format(new Date(change.at))} ${change.robotId} ${verb}`;
  list.prepend(item);
  while (list.children.length > MAX_ROBOT_EVENTS) {
    list.lastElementChild.remove();
  }
}

// --- the live stream ---

function onEvent(type, data) {
  if (type === 'ingestion') {
    renderSnapshot(data);
  } else if (type === 'rejected') {
    addDeadLetters([data]);
  } else if (type === 'robot') {
    addRobotChange(data);
    refreshRobots();
  }
}

async function follow(controller) {
  let wait = RECONNECT_MIN_MS;
  while (!controller.signal.aborted) {
    setConnection('connecting', 'Connecting…');
    try {
      await followEvents((type, data) => {
        setConnection('live', 'Live');
        wait = RECONNECT_MIN_MS;
        onEvent(type, data);
      }, controller.signal);
      setConnection('connecting', 'Stream ended, reconnecting…');
    } catch (error) {
      if (controller.signal.aborted) {
        return;
      }
      if (error instanceof ApiError && error.unauthorised) {
        setConnection('down', 'Not signed in');
        report(error, 'opening the live stream');
        return;
      }
      setConnection('down', 'Disconnected, retrying…');
    }
    await new Promise((resolve) => setTimeout(resolve, wait));
    wait = Math.min(wait * 2, RECONNECT_MAX_MS);
  }
}

function restart() {
  if (stream) {
    stream.abort();
  }
  stream = new AbortController();
  follow(stream);
  refreshRobots();
  loadDeadLetters();
  loadRefusedEvents();
  loadRecentGoods();
}

mountHeader('Factory floor', restart);
mountRecentGoods($('recent'), 'provenance.html');
restart();
setInterval(refreshRobots, ROBOTS_REFRESH_MS);
setInterval(loadRecentGoods, GOODS_REFRESH_MS);
setInterval(loadRefusedEvents, GOODS_REFRESH_MS);
