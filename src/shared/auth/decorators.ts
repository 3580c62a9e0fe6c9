import { applyDecorators, createParamDecorator, type ExecutionContext, SetMetadata } from '@nestjs/common';
import { ApiExtension } from '@nestjs/swagger';
import type { Actor } from '../domain/actor';
import type { Action } from './permission-matrix';
import { RequestContext } from '../context/request-context';

export const IS_PUBLIC = 'crm:isPublic';
export const REQUIRED_ACTION = 'crm:requiredAction';
export const ANY_AUTHENTICATED = 'crm:anyAuthenticated';

/** The OpenAPI extension naming what a route needs: an action of the matrix, `authenticated` or `public`. */
export const PERMISSION_EXTENSION = 'x-permission';

/** The route needs no access token (login, refresh, health, public intake with its own secret). */
export const Public = (): MethodDecorator & ClassDecorator =>
  applyDecorators(SetMetadata(IS_PUBLIC, true), ApiExtension(PERMISSION_EXTENSION, 'public'));

/** The route needs a signed-in user whose role has `action` in the permission matrix. */
export const RequirePermission = (action: Action): MethodDecorator & ClassDecorator =>
  applyDecorators(SetMetadata(REQUIRED_ACTION, action), ApiExtension(PERMISSION_EXTENSION, action));

/** The route needs a signed-in user of any role (e.g. `GET /auth/me`). */
export const AnyAuthenticated = (): MethodDecorator & ClassDecorator =>
  applyDecorators(SetMetadata(ANY_AUTHENTICATED, true), ApiExtension(PERMISSION_EXTENSION, 'authenticated'));

/** The actor of the current request (user id, role, correlation id) for commands. */
export const CurrentActor = createParamDecorator((_data: unknown, _ctx: ExecutionContext): Actor => {
  return RequestContext.actor();
});
