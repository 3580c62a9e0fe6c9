import { type CanActivate, type ExecutionContext, Injectable } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import { ANY_AUTHENTICATED, IS_PUBLIC, REQUIRED_ACTION } from '../../../shared/auth/decorators';
import { type Action, can } from '../../../shared/auth/permission-matrix';
import { RequestContext } from '../../../shared/context/request-context';
import { DomainError } from '../../../shared/domain/domain-error';

/**
 * Global, after authentication: allows a route when the caller's role has the route's action in
 * the permission matrix. A route that declares neither an action, `@AnyAuthenticated()` nor
 * `@Public()` is closed to everyone — forgetting a declaration fails safe.
 */
@Injectable()
export class PermissionsGuard implements CanActivate {
  constructor(private readonly reflector: Reflector) {}

  canActivate(context: ExecutionContext): boolean {
    const targets = [context.getHandler(), context.getClass()];
    if (this.reflector.getAllAndOverride<boolean>(IS_PUBLIC, targets)) return true;
    const role = RequestContext.current()?.role;
    if (!role) throw new DomainError('COMMON.UNAUTHORIZED', 'A valid access token is required');
    const action = this.reflector.getAllAndOverride<Action | undefined>(REQUIRED_ACTION, targets);
    if (action !== undefined) {
      if (can(role, action)) return true;
      throw new DomainError('COMMON.FORBIDDEN', `Your role (${role}) may not do ${action}`, { action });
    }
    if (this.reflector.getAllAndOverride<boolean>(ANY_AUTHENTICATED, targets)) return true;
    throw new DomainError('COMMON.FORBIDDEN', 'This route declares no permission and is closed');
  }
}
