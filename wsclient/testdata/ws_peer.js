// Independent websocket peer for wsclient's tests: the npm "ws" server
// (pinned in .ci/peers/package.json), on 127.0.0.1 only.
//
// It prints "PORT <n>" once listening, echoes text and binary messages
// unchanged, and on the text message "ping-me" pings the client three times
// and then sends the text "pongs <count>" once the three pongs arrived.
// It exits when stdin closes, so the test owns its lifetime.
'use strict';
const { WebSocketServer } = require('ws');

const wss = new WebSocketServer({ host: '127.0.0.1', port: 0, perMessageDeflate: false, maxPayload: 0 });

wss.on('listening', () => {
  process.stdout.write('PORT ' + wss.address().port + '\n');
});

wss.on('connection', (ws) => {
  let pongs = 0;
  ws.on('pong', () => {
    pongs++;
    if (pongs === 3) ws.send('pongs ' + pongs);
  });
  ws.on('message', (data, isBinary) => {
    if (!isBinary && data.toString() === 'ping-me') {
      pongs = 0;
      for (let i = 0; i < 3; i++) ws.ping(Buffer.from('p' + i));
      return;
    }
    ws.send(data, { binary: isBinary });
  });
});

process.stdin.on('end', () => process.exit(0));
process.stdin.resume();
