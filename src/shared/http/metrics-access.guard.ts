import { timingSafeEqual } from 'node:crypto';
import { type CanActivate, type ExecutionContext, Inject, Injectable } from '@nestjs/common';
import type { HttpRequest as Request } from './http-types';
import type { AppConfig } from '../../config/app-config';
import { APP_CONFIG } from '../../config/config.module';
import { DomainError } from '../domain/domain-error';

const LOOPBACK = /^(127\.\d+\.\d+\.\d+|::1|::ffff:127\.\d+\.\d+\.\d+)$/;

export function isLoopback(address: string | undefined): boolean {
  return address !== undefined && LOOPBACK.test(address);
}

/**
 * `/metrics` names every route, heap sizes and lags: with METRICS_TOKEN set it needs
 * `Authorization: Bearer <token>`; without one it answers only a caller on this machine — the
 * socket is loopback and so is the client address (a request relayed by a local reverse proxy is
 * not local).
 */
@Injectable()
export class MetricsAccessGuard implements CanActivate {
  constructor(@Inject(APP_CONFIG) private readonly config: AppConfig) {}

  canActivate(context: ExecutionContext): boolean {
    const req = context.switchToHttp().getRequest<Request>();
    const token = this.config.edge.metricsToken;
    if (token !== undefined) {
      const m = /^Bearer\s+(\S+)$/i.exec(req.headers.authorization ?? '');
      if (m && sameSecret(m[1], token)) return true;
      throw new DomainError('COMMON.UNAUTHORIZED', '/metrics needs the METRICS_TOKEN bearer token');
    }
    if (isLoopback(req.socket.remoteAddress) && isLoopback(req.ip)) return true;
    throw new DomainError(
      'COMMON.FORBIDDEN',
      '/metrics answers only on loopback unless METRICS_TOKEN is configured',
    );
  }
}

function sameSecret(given: string, expected: string): boolean {
  const a = Buffer.from(given);
  const b = Buffer.from(expected);
  return a.length === b.length && timingSafeEqual(a, b);
}
