import 'reflect-metadata';
import { keysRotateCli } from '../src/keys-rotate';

/** `npm run keys:rotate` (ts-node); the built image runs `node dist/keys-rotate.js`. See src/keys-rotate.ts. */
export { rotateKeys } from '../src/keys-rotate';

if (require.main === module) keysRotateCli();
