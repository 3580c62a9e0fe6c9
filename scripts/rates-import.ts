import 'reflect-metadata';
import { ratesImportCli } from '../src/rates-import';

/** `npm run rates:import -- <file.xml> | --fetch [YYYY-MM-DD]` (ts-node); the image runs `node dist/rates-import.js`. */
ratesImportCli();
