import { type ExecutionContext, Injectable } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import { AuthGuard } from '@nestjs/passport';
import { IS_PUBLIC } from '../../../shared/auth/decorators';
import { RequestContext } from '../../../shared/context/request-context';
import { DomainError } from '../../../shared/domain/domain-error';
import type { AuthenticatedUser } from '../infrastructure/jwt.strategy';

/** Global: every route needs a valid access token unless marked `@Public()`. */
@Injectable()
export class JwtAuthGuard extends AuthGuard('jwt') {
  constructor(private readonly reflector: Reflector) {
    super();
  }

  override canActivate(context: ExecutionContext) {
    const isPublic = this.reflector.getAllAndOverride<boolean>(IS_PUBLIC, [
      context.getHandler(),
      context.getClass(),
    ]);
    if (isPublic) return true;
    return super.canActivate(context);
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
