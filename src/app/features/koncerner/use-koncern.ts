import { useAuth } from '../../auth/auth';
import { useViewParams } from '../../shell/view-params';
import { useKoncerner } from './get-koncerner';

/**
 * The koncern the view is about: the `koncern` search param when it names one of the person's
 * koncerner, else the first. Undefined while signed out or while the list loads.
 */
export function useKoncern() {
  const signedIn = useAuth().status === 'signed-in';
  const { koncernParam } = useViewParams();
  const query = useKoncerner(signedIn);
  const list = query.data?.results ?? [];
  const koncern = list.find((item) => item.id === koncernParam) ?? list[0];
  return { signedIn, koncern, koncerner: list, query };
}
