// FakeEventRecorder: keeps events in memory as "<Type> <Reason> <message>" (client-go's FakeRecorder format).
import type { EventRecorder, EventSubject, EventType } from '../events/recorder.js';

export class FakeEventRecorder implements EventRecorder {
  readonly events: string[] = [];
  readonly records: { obj: EventSubject; type: EventType; reason: string; message: string }[] = [];
  event(obj: EventSubject, type: EventType, reason: string, message: string): void {
    this.events.push(`${type} ${reason} ${message}`);
    this.records.push({ obj, type, reason, message });
  }
}
