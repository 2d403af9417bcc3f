// node --test unit/: the provenance page's genealogy graph, timeline and energy over the tree.
import assert from 'node:assert/strict';
import { readFile } from 'node:fs/promises';
import { test } from 'node:test';
import { energyOfTree, genealogyElements, treeTimeline } from '../public/js/goods.js';

// The real contract's GetProvenance answer for a three-level product (the gateway's test fixture).
const fixture = JSON.parse(await readFile(new URL(
  '../../../gateway-service/src/test/resources/provenance/three-level-product.json', import.meta.url), 'utf8'));
const PRODUCT = 'urn:epc:id:sgtin:0614141.107346.9000';

test('the graph has a node per good with its robot and station, and an edge from each product to its parts', () => {
  const elements = genealogyElements(fixture.tree);
  const nodes = elements.filter((element) => element.group === 'nodes');
  const edges = elements.filter((element) => element.group === 'edges');
  assert.equal(nodes.length, fixture.nodeCount);
  assert.equal(edges.length, fixture.nodeCount - 1);
  const product = nodes.find((node) => node.data.id === PRODUCT).data;
  assert.deepEqual([product.root, product.quality, product.custodian, product.status], ['yes', 'pass', 'RetailerMSP', 'ACTIVE']);
  assert.equal(product.label, `${PRODUCT}\nr-asm · st-r-asm`);
  assert.ok(edges.some((edge) => edge.data.source === PRODUCT && edge.data.target === 'frame-S1'));
  assert.ok(edges.some((edge) => edge.data.source === 'frame-S2' && edge.data.target === 'bolt-7'));
  assert.equal(nodes.find((node) => node.data.id === 'bolt-7').data.quality, 'none');
});

test('the energy is summed over the whole tree', () => {
  const energy = energyOfTree(fixture.tree);
  const expected = [];
  const walk = (node) => { expected.push(node.good.production.energyWh); node.parts.forEach(walk); };
  walk(fixture.tree);
  assert.equal(energy.goods, 8);
  assert.equal(energy.unreported, expected.filter((wh) => typeof wh !== 'number').length);
  assert.ok(Math.abs(energy.totalWh - expected.filter((wh) => typeof wh === 'number').reduce((a, b) => a + b, 0)) < 1e-9);
  assert.equal(energy.ownWh, 18.25);
  assert.ok(energy.totalWh > energy.ownWh);
});

test('the timeline holds every good\'s events, oldest first', () => {
  const events = treeTimeline(fixture.tree);
  for (let i = 1; i < events.length; i++) {
    assert.ok(events[i - 1].at <= events[i].at);
  }
  assert.equal(events.filter((event) => event.text.startsWith('made') || event.text.startsWith('assembled')).length, 8);
  const productEvents = events.filter((event) => event.goodId === PRODUCT).map((event) => event.text);
  assert.deepEqual(productEvents.filter((text) => text.startsWith('custody')), [
    'custody PROPOSED ManufacturerMSP → RetailerMSP', 'custody REJECTED ManufacturerMSP → RetailerMSP',
    'custody PROPOSED ManufacturerMSP → RetailerMSP', 'custody ACCEPTED ManufacturerMSP → RetailerMSP']);
  assert.ok(productEvents[0].startsWith('assembled (sku-assembly) by r-asm at plant-1 / line-2 / st-r-asm'));
  assert.ok(productEvents.includes('dimensional check PASS by vision-cell-7 (RetailerMSP)'));
});
