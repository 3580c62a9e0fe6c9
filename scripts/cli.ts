import 'reflect-metadata';
import { cliMain } from '../src/cli';

/** `npm run backup`, `npm run restore -- <dir>`, `npm run backup:verify -- <dir>` (ts-node); the image runs `node dist/cli.js`. */
if (require.main === module) cliMain();
