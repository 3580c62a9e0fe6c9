'use strict';
// Jest only: @fastify/static requires content-disposition 3, an ES module, which Node ≥ 20.19 loads
// with require() but Jest's module loader cannot (before Node 24.9). This maps every require of it
// under Jest (koa's, in s3rver, too) to the CommonJS content-disposition 1 (the dev dependency
// `content-disposition-cjs`), with the names version 3 exports (`create`, `parse`) added: the same
// header for the same file name.
const v1 = require('content-disposition-cjs');

module.exports = v1;
module.exports.create = v1;
