'use strict';
// Jest only: @fastify/static requires content-disposition 3, an ES module, which Node ≥ 20.19 loads
// with require() but Jest's module loader cannot (before Node 24.9). This maps every require of it
// under Jest to the CommonJS content-disposition 1 that Express uses, with the names version 3
// exports (`create`, `parse`) added: the same header for the same file name.
const v1 = require('../../node_modules/content-disposition/index.js');

module.exports = v1;
module.exports.create = v1;
