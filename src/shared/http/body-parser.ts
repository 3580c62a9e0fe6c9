import type { NextFunction, Request, RequestHandler, Response } from 'express';
import * as express from 'express';
import { sendProblem, toProblem } from '../errors/problem-details.filter';

/**
 * JSON body parsing with errors answered as problem+json (400 malformed, 413 too large,
 * 415 bad charset) before the request reaches any route.
 */
export function jsonBodyParser(limit: string): RequestHandler {
  const parse = express.json({ limit, strict: true, type: ['application/json', 'application/*+json'] });
  return (req: Request, res: Response, next: NextFunction) => {
    parse(req, res, (err?: unknown) => {
      if (err) {
        sendProblem(res, toProblem(err));
        return;
      }
      next();
    });
  };
}
