import {
  ACCEPTED_AND_ASSIGNED,
  OBLIGATION_LINES,
  command,
  decision,
  event,
  openCaseAfter,
  rejected,
} from '../testing/case-fixtures';
import { ownEntry } from './own-entry';

/** Names every plain object answers to through Object.prototype. */
const INHERITED = ['constructor', 'toString', 'hasOwnProperty', 'valueOf', 'isPrototypeOf', '__proto__'];

const eraseComplainant = (complaintId: string) =>
  command.erasePersonalData('2025-04-01', `complainant-${complaintId}`, {
    ground: 'Yêu cầu xóa dữ liệu của người khiếu nại',
  });

describe('keys the client chooses, looked up in the case', () => {
  it('finds only what a record holds itself', () => {
    const record: Record<string, number> = { debt: 1 };
    expect(ownEntry(record, 'debt')).toBe(1);
    for (const key of INHERITED) expect(ownEntry(record, key)).toBeUndefined();
  });

  describe.each(INHERITED)('%j, which the case does not have', (key) => {
    it.each([
      ['collecting money on it', command.collectMoney('2025-04-01', 'BL-1', key, '1000')],
      ['paying money out of it', command.disburseMoney('2025-04-01', key, '1000')],
      ['exempting it', command.exemptObligation('2025-04-01', key, 'exemption', null)],
      ['naming it in a measure', command.takeMeasure('2025-04-01', 'seize_asset', { lineId: key })],
    ])('is an unknown obligation line when %s', (_what, when) => {
      expect(decision(ACCEPTED_AND_ASSIGNED, when)).toEqual(rejected('UNKNOWN_OBLIGATION_LINE', 'unprocessable'));
    });

    it('is an unknown complaint to resolve', () => {
      expect(decision(ACCEPTED_AND_ASSIGNED, command.resolveComplaint('2025-04-01', key))).toEqual(
        rejected('COMPLAINT_NOT_FOUND', 'unprocessable'),
      );
    });

    it('is an unknown complainant to erase', () => {
      expect(decision(ACCEPTED_AND_ASSIGNED, eraseComplainant(key))).toEqual(
        rejected('COMPLAINT_NOT_FOUND', 'unprocessable'),
      );
    });

    it('is free for a new complaint, which can then be resolved', () => {
      const filed = decision(ACCEPTED_AND_ASSIGNED, command.fileComplaint('2025-04-01', key, 'coercion'));
      expect(filed).toEqual([expect.objectContaining({ type: 'ComplaintFiled' })]);
      const history = [...ACCEPTED_AND_ASSIGNED, event.complaintFiled('2025-04-01', key, 'coercion', '2025-05-01')];
      expect(Object.keys(openCaseAfter(...history).complaints)).toEqual([key]);
      expect(decision(history, command.resolveComplaint('2025-04-10', key))).toEqual([
        expect.objectContaining({ type: 'ComplaintResolved', data: expect.objectContaining({ complaintId: key }) }),
      ]);
    });

    it('names an obligation line like any other id once the case has one', () => {
      const accepted = event.caseAccepted({ lines: [{ ...OBLIGATION_LINES[0]!, id: key }] });
      const history = [accepted, event.bailiffAssigned()];
      expect(openCaseAfter(...history).lineOrder).toEqual([key]);
      expect(decision(history, command.collectMoney('2025-04-01', 'BL-1', key, '1000'))).toEqual([
        expect.objectContaining({ type: 'MoneyCollected', data: expect.objectContaining({ lineId: key }) }),
      ]);
    });
  });
});
