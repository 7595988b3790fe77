/** containers: `{id, names, image, command, status}` per container (API 3). */
import type { ContainerInfo } from '@ga/guest-os/containers/docker';

export const containerList = (list: readonly ContainerInfo[]) => list.map((c) => ({ id: c.id, names: [...c.names], image: c.image, command: c.command, status: c.status }));
