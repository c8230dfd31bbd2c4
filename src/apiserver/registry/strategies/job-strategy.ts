// Job: the server generates the selector and controller-uid labels from the new object's uid.
import { prepareJobForCreate } from '../../../api/batch/v1/index.js';
import type { KindStrategy } from './strategy.js';

export const jobStrategy: KindStrategy = {
  prepareForCreate(obj) {
    const uid = (obj.metadata as { uid?: string } | undefined)?.uid;
    if (uid) prepareJobForCreate(obj, uid);
  },
};
