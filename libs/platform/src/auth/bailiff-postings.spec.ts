import { ForbiddenException } from '@nestjs/common';
import type { Actor, BailiffPosting, BailiffPostings } from '@app/kernel';
import { BailiffPostingCheck, postingRefusal, vietnamToday } from './bailiff-postings';

const bailiff = (agencyId: string): Actor => ({ id: 'chv-an', role: 'bailiff', agencyId });
const moved: BailiffPosting[] = [
  { agencyId: 'hn-ba-dinh', validFrom: '2020-01-01', validTo: '2025-06-30' },
  { agencyId: 'hn-cau-giay', validFrom: '2025-07-01', validTo: null },
];

describe("a bailiff's agency claim against their posting", () => {
  it('lets a bailiff in for the agency where they are posted that day', () => {
    expect(postingRefusal(bailiff('hn-cau-giay'), moved, '2025-07-01')).toBeNull();
    expect(postingRefusal(bailiff('hn-ba-dinh'), moved, '2025-06-30')).toBeNull();
  });

  it('refuses a token naming the agency they have left, saying where they are posted and since when', () => {
    expect(postingRefusal(bailiff('hn-ba-dinh'), moved, '2025-07-01')).toEqual({
      code: 'BAILIFF_AGENCY_MISMATCH',
      messages: {
        vi: 'Mã truy cập (token) ghi cơ quan "hn-ba-dinh", nhưng Chấp hành viên "chv-an" đang công tác tại "hn-cau-giay" từ ngày 2025-07-01; hãy đăng nhập lại để nhận mã truy cập của nơi công tác hiện tại',
        en: 'Your token names agency "hn-ba-dinh", but bailiff "chv-an" has been posted at "hn-cau-giay" since 2025-07-01; sign in again to get a token for your current posting',
      },
      details: { bailiffId: 'chv-an', tokenAgencyId: 'hn-ba-dinh', agencyId: 'hn-cau-giay', since: '2025-07-01' },
    });
  });

  it('refuses a token naming the next agency before the move takes effect', () => {
    expect(postingRefusal(bailiff('hn-cau-giay'), moved, '2025-06-30')?.code).toBe('BAILIFF_AGENCY_MISMATCH');
  });

  it('refuses a user the identity provider calls a bailiff but who was never appointed', () => {
    const refusal = postingRefusal(bailiff('hn-ba-dinh'), null, '2025-07-01');
    expect(refusal?.code).toBe('BAILIFF_NOT_APPOINTED');
    expect(refusal?.messages.en).toMatch(/no bailiff with this id is appointed; an administrator must appoint you/);
    expect(refusal?.messages.vi).toMatch(/chưa được bổ nhiệm/);
  });

  it('refuses a bailiff whose appointment has not begun', () => {
    const later = [{ agencyId: 'hn-ba-dinh', validFrom: '2026-01-01', validTo: null }];
    const refusal = postingRefusal(bailiff('hn-ba-dinh'), later, '2025-12-31');
    expect(refusal?.code).toBe('BAILIFF_NOT_YET_POSTED');
    expect(refusal?.messages.en).toBe(
      'Bailiff "chv-an" starts work at "hn-ba-dinh" on 2026-01-01 and cannot work here before then',
    );
  });

  it("counts the day in Vietnam's time, whatever the server's", () => {
    expect(vietnamToday(Date.parse('2025-06-30T16:59:59Z'))).toBe('2025-06-30');
    expect(vietnamToday(Date.parse('2025-06-30T17:00:00Z'))).toBe('2025-07-01');
  });
});

describe('the posting check on the hot path', () => {
  class CountingPostings implements BailiffPostings {
    reads = 0;
    postings: BailiffPosting[] | null = moved;
    failing = false;
    async postingsOf(): Promise<readonly BailiffPosting[] | null> {
      this.reads++;
      if (this.failing) throw new Error('database unavailable');
      return this.postings;
    }
  }
  const july = Date.parse('2025-07-10T03:00:00Z');
  afterEach(() => jest.restoreAllMocks());

  it('reads postings once per bailiff while they are fresh, answering without a promise meanwhile', async () => {
    jest.spyOn(Date, 'now').mockReturnValue(july);
    const port = new CountingPostings();
    const check = new BailiffPostingCheck(port, 10_000);
    await Promise.all([check.check(bailiff('hn-cau-giay')), check.check(bailiff('hn-cau-giay'))]);
    expect(port.reads).toBe(1);
    expect(check.check(bailiff('hn-cau-giay'))).toBeUndefined();
    expect(() => check.check(bailiff('hn-ba-dinh'))).toThrow(ForbiddenException);
    expect(port.reads).toBe(1);
  });

  it('sees a move once the postings it read have aged out', async () => {
    const now = jest.spyOn(Date, 'now').mockReturnValue(july);
    const port = new CountingPostings();
    const check = new BailiffPostingCheck(port, 10_000);
    await check.check(bailiff('hn-cau-giay'));
    port.postings = [
      moved[0]!,
      { ...moved[1]!, validTo: '2025-07-09' },
      { agencyId: 'hn-dong-da', validFrom: '2025-07-10', validTo: null },
    ];
    expect(check.check(bailiff('hn-cau-giay'))).toBeUndefined();
    now.mockReturnValue(july + 10_001);
    await expect(check.check(bailiff('hn-cau-giay'))).rejects.toThrow(/posted at "hn-dong-da" since 2025-07-10/);
    expect(check.check(bailiff('hn-dong-da'))).toBeUndefined();
  });

  it('does not remember a failed read', async () => {
    jest.spyOn(Date, 'now').mockReturnValue(july);
    const port = new CountingPostings();
    port.failing = true;
    const check = new BailiffPostingCheck(port, 10_000);
    await expect(check.check(bailiff('hn-cau-giay'))).rejects.toThrow('database unavailable');
    port.failing = false;
    await expect(check.check(bailiff('hn-cau-giay'))).resolves.toBeUndefined();
    expect(port.reads).toBe(2);
  });

  it('answers the 403 with a stable code and the message in Vietnamese and English', () => {
    jest.spyOn(Date, 'now').mockReturnValue(july);
    const port = new CountingPostings();
    const check = new BailiffPostingCheck(port, 10_000);
    return Promise.resolve(check.check(bailiff('hn-ba-dinh'))).then(
      () => {
        throw new Error('the bailiff was let in');
      },
      (error: unknown) => {
        expect(error).toBeInstanceOf(ForbiddenException);
        expect((error as ForbiddenException).getResponse()).toMatchObject({
          code: 'BAILIFF_AGENCY_MISMATCH',
          message: expect.stringMatching(/^Your token names agency "hn-ba-dinh"/),
          messages: { vi: expect.stringMatching(/^Mã truy cập/), en: expect.any(String) },
        });
      },
    );
  });
});
