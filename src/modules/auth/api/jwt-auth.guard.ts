import { type CanActivate, type ExecutionContext, Injectable } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import { IS_PUBLIC } from '../../../shared/auth/decorators';
import { RequestContext } from '../../../shared/context/request-context';
import { DomainError } from '../../../shared/domain/domain-error';
import { type AuthenticatedUser, JwtStrategy } from '../infrastructure/jwt.strategy';

/**
 * Global: every route needs a valid access token unless marked `@Public()`. Calls the strategy
 * directly (no passport: its per-request strategy instance, callbacks and promise wrapping were
 * ~5 % of a simple authenticated GET).
 */
@Injectable()
export class JwtAuthGuard implements CanActivate {
  constructor(
    private readonly reflector: Reflector,
    private readonly strategy: JwtStrategy,
  ) {}

  async canActivate(context: ExecutionContext): Promise<boolean> {
    const isPublic = this.reflector.getAllAndOverride<boolean>(IS_PUBLIC, [
      context.getHandler(),
      context.getClass(),
    ]);
    if (isPublic) return true;
    const req = context.switchToHttp().getRequest<{ headers: { authorization?: string }; user?: unknown }>();
    // A bad, expired or revoked token is `false`; a throw is the user lookup failing (e.g. the
    // database being down), which is not the client's fault: rethrown for the error filter (503
    // with Retry-After) instead of a 401 that makes clients drop their session.
    const user: AuthenticatedUser | false = await this.strategy.authenticate(req.headers.authorization);
    if (!user) throw new DomainError('COMMON.UNAUTHORIZED', 'A valid access token is required');
    req.user = user;
    RequestContext.setUser(user.userId, user.role);
    return true;
  }
}
