// events.k8s.io/v1: Event validation rules keyed by Kind and the conversions to and from the stored core/v1 Event.
import type { KindRules } from '../../meta/index.js';
import { eventRules } from './event.js';

export { eventRules } from './event.js';
export { coreEventToEventsV1, eventsV1ToCoreEvent } from './conversion.js';

export const eventsV1Rules: Record<string, KindRules> = { Event: eventRules };
