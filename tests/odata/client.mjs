// SPDX-License-Identifier: GPL-3.0-or-later
// The hub's OData feed as a real OData client library asks for it (@odata/client, pinned in
// package-lock.json): run with Node by tests/e2e/test_odata.cpp, which reads the one JSON line
// this prints. Usage: node client.mjs SERVICE_ROOT TOKEN MODULES_DIR (where deploy/dev.sh put
// the packages: .cache/odata).
import { createRequire } from 'node:module';
import { join } from 'node:path';

const [root, token, modules] = process.argv.slice(2);
const require = createRequire(join(modules, 'package.json'));
const { OData } = require('@odata/client');

const client = OData.New4({
  serviceEndpoint: root,
  commonHeaders: { Authorization: `Bearer ${token}` },
});
const responses = client.getEntitySet('Responses');
const answers = client.getEntitySet('Answers');

const out = {};
// $count with a filter, as the library asks for it.
out.waiting_count = await responses.count(client.newFilter().property('Stage').eqString('WAITING'));
// $filter, $select and $top together.
const few = await responses.query(
  client.newParam()
    .filter(client.newFilter().property('Stage').eqString('WAITING'))
    .select(['Id', 'Stage', 'FinishedAt'])
    .top(3));
out.few = few;
// A time window, as the library writes a DateTimeOffset range.
const window = await responses.query(
  client.newParam()
    .filter(client.newFilter().property('FinishedAt')
      .betweenDateTimeOffset(new Date('2000-01-01T00:00:00Z'), new Date('2100-01-01T00:00:00Z')))
    .top(5));
out.window = window.length;
// Answers to one question.
const satisfaction = await answers.query(
  client.newParam()
    .filter(client.newFilter().property('Question').eqString('satisfaction'))
    .select(['ResponseId', 'Question', 'Value', 'CantSay'])
    .top(10));
out.satisfaction = satisfaction;
console.log(JSON.stringify(out));
