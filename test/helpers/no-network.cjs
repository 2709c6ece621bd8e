// Preload (`node --require test/helpers/no-network.cjs …`) for child processes in the security tests:
// every way Node.js reaches the network throws, and each attempt is appended to the file named by
// KEYWARD_NETWORK_LOG (one line per attempt), so a test can assert that nothing was even tried.
/* eslint-disable @typescript-eslint/no-require-imports -- a CommonJS preload: require is the only way in */
'use strict';
const fs = require('fs');
const net = require('net');
const tls = require('tls');
const dns = require('dns');
const http = require('http');
const https = require('https');

const log = process.env.KEYWARD_NETWORK_LOG;

function blocked(what) {
  return function () {
    if (log) fs.appendFileSync(log, `${what}\n`);
    throw new Error(`network blocked by the test: ${what}`);
  };
}

net.Socket.prototype.connect = blocked('net.Socket.connect');
net.connect = blocked('net.connect');
net.createConnection = blocked('net.createConnection');
tls.connect = blocked('tls.connect');
for (const name of [
  'lookup',
  'lookupService',
  'resolve',
  'resolve4',
  'resolve6',
  'resolveAny',
  'resolveCname',
  'resolveMx',
  'resolveTxt',
  'resolveSrv',
  'resolveNs',
  'reverse',
]) {
  dns[name] = blocked(`dns.${name}`);
  dns.promises[name] = async (...args) => blocked(`dns.promises.${name}`)(...args);
}
dns.Resolver = function Resolver() {
  blocked('dns.Resolver')();
};
http.request = blocked('http.request');
http.get = blocked('http.get');
https.request = blocked('https.request');
https.get = blocked('https.get');
globalThis.fetch = async () => blocked('fetch')();
