// A product's public page, opened at its GS1 Digital Link without a token: what its manufacturer
// discloses (GET /api/public/01/{gtin}/21/{serial}). Everything received is written with textContent.

import { $ } from './page.js';
import { facts } from './goods-page.js';
import { publicFacts, recallText } from './digital-link.js';

async function show() {
  const answer = $('answer');
  let response;
  try {
    response = await fetch(`/api/public${window.location.pathname}`, { headers: { Accept: 'application/json' }, cache: 'no-store' });
  } catch (error) {
    answer.textContent = 'The manufacturer\'s gateway did not answer; try again later.';
    return;
  }
  if (response.status === 404) {
    $('heading').textContent = 'Not public';
    answer.textContent = 'The manufacturer publishes nothing about this item.';
    return;
  }
  if (!response.ok) {
    answer.textContent = `The manufacturer's gateway answered ${response.status}; try again later.`;
    return;
  }
  const page = await response.json();
  $('heading').textContent = `${page.kind} ${page.serial}`;
  const recall = recallText(page);
  $('recall').textContent = recall ?? '';
  $('recall').hidden = recall === null;
  facts($('facts'), publicFacts(page));
  answer.textContent = 'Shown as the manufacturer chose to disclose it, read from its copy of the shared ledger.';
}

show();
