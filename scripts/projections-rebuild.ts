import 'reflect-metadata';
import { projectionsRebuildCli } from '../src/projections-rebuild';

/** `npm run projections:rebuild <name>` (ts-node); the built image runs `node dist/projections-rebuild.js`. */
projectionsRebuildCli();
