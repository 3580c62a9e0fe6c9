import { useQuery } from '@tanstack/react-query';
import { PERMISSION_MATRIX, type Action } from '../../src/shared/auth/permission-matrix';
import { api, ok, type Schemas } from './api';
import { meQuery } from './routes';

export type Me = Schemas['MeDto'];

export function useMe() {
  return useQuery(meQuery);
}

/** What the menus and buttons show; the server still decides every request. */
export function can(me: Me | undefined, action: Action): boolean {
  return !!me && (PERMISSION_MATRIX[me.role] ?? []).includes(action);
}

export function useCan(action: Action): boolean {
  return can(useMe().data, action);
}

/** Staff names by id (`GET /staff`, open to every role) for "manager" and "assignee" columns. */
export function useStaffNames(): Map<string, string> {
  const q = useQuery({
    queryKey: ['staff'],
    queryFn: () => ok(api.GET('/api/v1/staff', { params: { query: { limit: 200 } } })),
    staleTime: 5 * 60_000,
  });
  return new Map((q.data?.items ?? []).map((s) => [s.id, s.fullName]));
}
