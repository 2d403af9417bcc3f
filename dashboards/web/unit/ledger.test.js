// node --test unit/: what every page says about the ledger behind it.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { describeLedger } from '../public/js/ledger.js';

const peer = { configured: true, peerEndpoint: '127.0.0.1:7051', mspId: 'ManufacturerMSP', channel: 'provenance',
  chaincode: 'provenance' };

test('a described ledger is named in the operator\'s words, then where it is', () => {
  assert.equal(describeLedger({ ...peer, description: 'TEST DOUBLE, not Fabric' }),
    'Ledger: TEST DOUBLE, not Fabric (ManufacturerMSP on channel provenance, chaincode provenance, peer 127.0.0.1:7051)');
});

test('an undescribed ledger is named by where it is', () => {
  assert.equal(describeLedger({ ...peer, description: '' }),
    'Ledger: ManufacturerMSP on channel provenance, chaincode provenance, peer 127.0.0.1:7051');
});

test('without a peer the page says that nothing reaches a ledger', () => {
  assert.match(describeLedger({ configured: false, description: '' }), /^Ledger: none configured\./);
});
