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
    if (err || !user) {
      throw new DomainError('COMMON.UNAUTHORIZED', 'A valid access token is required');
    }
    const u = user as unknown as AuthenticatedUser;
    RequestContext.setUser(u.userId, u.role);
    return user;
  }
}
