import type { RecordedEvent } from '@app/event-store';
import { CaseAggregate } from '../case.decider';
import {
  caseEventSchemaVersion,
  SUSPENSION_LEGAL_BASIS_BEFORE_V2,
  UnknownSchemaVersion,
  upcastCaseEventData,
} from './case.upcasters';

const recorded = (type: string, schemaVersion: number, data: RecordedEvent['data']): RecordedEvent => ({
  id: '00000000-0000-4000-8000-000000000001',
  streamId: 'case-x',
  revision: 2,
  position: 10n,
  type,
  schemaVersion,
  data,
  metadata: {},
  hash: '0'.repeat(64),
  recordedAt: new Date('2025-04-01T02:00:00Z'),
});

describe('case event upcasting', () => {
  const v1 = { caseId: 'c1', occurredOn: '2025-04-01', ground: 'Tòa án thụ lý đơn mở thủ tục phá sản' };

  it('writes suspensions as v2 and every other case event as v1', () => {
    expect(caseEventSchemaVersion('CaseSuspended')).toBe(2);
    expect(caseEventSchemaVersion('CasePostponed')).toBe(1);
  });

  it('reads a v1 suspension with the article every suspension rests on, leaving the stored data alone', () => {
    const stored = recorded('CaseSuspended', 1, { ...v1 });
    expect(CaseAggregate.fromRecorded(stored)).toEqual({
      type: 'CaseSuspended',
      data: { ...v1, legalBasis: SUSPENSION_LEGAL_BASIS_BEFORE_V2 },
    });
    expect(stored.data).toEqual(v1);
  });

  it('reads a v2 suspension as written', () => {
    const data = { ...v1, legalBasis: 'Điểm b khoản 1 Điều 49 Luật THADS' };
    expect(CaseAggregate.fromRecorded(recorded('CaseSuspended', 2, data)).data).toBe(data);
  });

  it('refuses a version newer than this release knows, rather than misread it', () => {
    expect(() => upcastCaseEventData('CaseSuspended', 3, v1)).toThrow(UnknownSchemaVersion);
    expect(() => upcastCaseEventData('CasePostponed', 2, v1)).toThrow(/newer release/);
  });
});
