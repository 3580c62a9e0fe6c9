import { type ExecutionContext, Injectable } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import { AuthGuard } from '@nestjs/passport';
import { IS_PUBLIC } from '../../../shared/auth/decorators';
import { RequestContext } from '../../../shared/context/request-context';
import { DomainError } from '../../../shared/domain/domain-error';
import { type AuthenticatedUser, JwtStrategy } from '../infrastructure/jwt.strategy';

/**
 * Global: every route needs a valid access token unless marked `@Public()`.
 *
 * A token the strategy verified before is answered here, without passport: its per-request
 * wrapping (a strategy copy, callbacks, a promise around them) cost about as much as the user
 * check itself. Anything else — no token, a new or expired one — goes through passport-jwt as before.
 */
@Injectable()
export class JwtAuthGuard extends AuthGuard('jwt') {
  constructor(
    private readonly reflector: Reflector,
    private readonly strategy: JwtStrategy,
  ) {
    super();
  }

  override async canActivate(context: ExecutionContext): Promise<boolean> {
    const isPublic = this.reflector.getAllAndOverride<boolean>(IS_PUBLIC, [
      context.getHandler(),
      context.getClass(),
    ]);
    if (isPublic) return true;
    const req = context.switchToHttp().getRequest<{ headers: { authorization?: string }; user?: unknown }>();
    const remembered = this.strategy.rememberedUser(req);
    if (!remembered) return super.canActivate(context) as Promise<boolean>;
    // a failing user lookup (the database down) rejects here, as `err` would reach handleRequest
    req.user = this.handleRequest(null, await remembered);
    return true;
  }

  override handleRequest<TUser = AuthenticatedUser>(err: unknown, user: TUser | false): TUser {
    // A bad, expired or revoked token never arrives as `err` (passport reports it as a failure):
    // `err` is the user lookup failing, e.g. the database being down, which is not the client's
    // fault: rethrown for the error filter (503 with Retry-After) instead of a 401 that makes
    // clients drop their session.
    if (err) throw err;
    if (!user) {
      throw new DomainError('COMMON.UNAUTHORIZED', 'A valid access token is required');
    }
    const u = user as unknown as AuthenticatedUser;
    RequestContext.setUser(u.userId, u.role);
    return user;
  }
}
