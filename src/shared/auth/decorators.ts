import { createParamDecorator, type ExecutionContext, SetMetadata } from '@nestjs/common';
import type { Actor } from '../domain/actor';
import type { Action } from './permission-matrix';
import { RequestContext } from '../context/request-context';

export const IS_PUBLIC = 'crm:isPublic';
export const REQUIRED_ACTION = 'crm:requiredAction';
export const ANY_AUTHENTICATED = 'crm:anyAuthenticated';

/** The route needs no access token (login, refresh, health, public intake with its own secret). */
export const Public = (): MethodDecorator & ClassDecorator => SetMetadata(IS_PUBLIC, true);

/** The route needs a signed-in user whose role has `action` in the permission matrix. */
export const RequirePermission = (action: Action): MethodDecorator & ClassDecorator =>
  SetMetadata(REQUIRED_ACTION, action);

/** The route needs a signed-in user of any role (e.g. `GET /auth/me`). */
export const AnyAuthenticated = (): MethodDecorator & ClassDecorator => SetMetadata(ANY_AUTHENTICATED, true);

/** The actor of the current request (user id, role, correlation id) for commands. */
export const CurrentActor = createParamDecorator((_data: unknown, _ctx: ExecutionContext): Actor => {
  return RequestContext.actor();
});
