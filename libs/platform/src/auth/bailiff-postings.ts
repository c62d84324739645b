import { ForbiddenException } from '@nestjs/common';
import { BoundedCache } from '@app/event-sourcing';
import type { Actor, BailiffPosting, BailiffPostings } from '@app/kernel';

export interface PostingRefusal {
  code: 'BAILIFF_NOT_APPOINTED' | 'BAILIFF_NOT_YET_POSTED' | 'BAILIFF_AGENCY_MISMATCH';
  messages: { vi: string; en: string };
  details: Record<string, string>;
}

/**
 * Why a bailiff's token may not be used today, or null. The agency claim is what every event the
 * bailiff records says they acted for, so it must be where they are posted on that day; the identity
 * provider and this register are kept by different people and drift apart when a bailiff moves.
 */
export function postingRefusal(
  actor: Actor,
  postings: readonly BailiffPosting[] | null,
  today: string,
): PostingRefusal | null {
  const { id, agencyId: claimed } = actor;
  if (postings === null || postings.length === 0) {
    // Nothing such a user did could succeed (every case step needs an appointed, assigned bailiff),
    // and their agency claim cannot be checked against anything: say so at the door.
    return {
      code: 'BAILIFF_NOT_APPOINTED',
      messages: {
        vi: `Tài khoản "${id}" đăng nhập với vai trò Chấp hành viên nhưng chưa được bổ nhiệm là Chấp hành viên trong hệ thống; đề nghị quản trị viên bổ nhiệm trước (POST /bailiffs)`,
        en: `You are signed in as a bailiff ("${id}"), but no bailiff with this id is appointed; an administrator must appoint you first (POST /bailiffs)`,
      },
      details: { bailiffId: id, tokenAgencyId: claimed },
    };
  }
  const current = postings.find(
    (posting) => posting.validFrom <= today && (posting.validTo === null || today <= posting.validTo),
  );
  if (current === undefined) {
    const first = postings.find((posting) => posting.validFrom > today) ?? postings[postings.length - 1]!;
    return {
      code: 'BAILIFF_NOT_YET_POSTED',
      messages: {
        vi: `Chấp hành viên "${id}" bắt đầu công tác tại "${first.agencyId}" từ ngày ${first.validFrom}; trước ngày đó chưa thể làm việc trên hệ thống`,
        en: `Bailiff "${id}" starts work at "${first.agencyId}" on ${first.validFrom} and cannot work here before then`,
      },
      details: { bailiffId: id, tokenAgencyId: claimed, agencyId: first.agencyId, validFrom: first.validFrom },
    };
  }
  if (current.agencyId === claimed) return null;
  return {
    code: 'BAILIFF_AGENCY_MISMATCH',
    messages: {
      vi: `Mã truy cập (token) ghi cơ quan "${claimed}", nhưng Chấp hành viên "${id}" đang công tác tại "${current.agencyId}" từ ngày ${current.validFrom}; hãy đăng nhập lại để nhận mã truy cập của nơi công tác hiện tại`,
      en: `Your token names agency "${claimed}", but bailiff "${id}" has been posted at "${current.agencyId}" since ${current.validFrom}; sign in again to get a token for your current posting`,
    },
    details: { bailiffId: id, tokenAgencyId: claimed, agencyId: current.agencyId, since: current.validFrom },
  };
}

const VIETNAM_OFFSET_MS = 7 * 60 * 60 * 1000;

/** Today's business date in Vietnam (UTC+7, no daylight saving), whatever the server's time zone. */
export function vietnamToday(nowMs: number): string {
  return new Date(nowMs + VIETNAM_OFFSET_MS).toISOString().slice(0, 10);
}

/** How long a bailiff's postings are trusted before they are read again: how late a move takes effect. */
export const POSTINGS_TTL_MS = 10_000;
const CACHED_BAILIFFS = 10_000;

type CachedPostings =
  | { postings: readonly BailiffPosting[] | null; readAt: number }
  | { pending: Promise<readonly BailiffPosting[] | null> };

/**
 * Checks a bailiff's token against their posting on every request. Postings are read at most once
 * per bailiff every POSTINGS_TTL_MS, concurrent requests sharing the read, so the check is a map
 * lookup on the hot path; a moved bailiff's old token stops working within that time.
 */
export class BailiffPostingCheck {
  private readonly cache = new BoundedCache<string, CachedPostings>(CACHED_BAILIFFS);

  constructor(
    private readonly postings: BailiffPostings,
    private readonly ttlMs = POSTINGS_TTL_MS,
  ) {}

  /** Returns, or resolves, when the bailiff may go on; throws a 403 naming the problem otherwise. */
  check(actor: Actor): void | Promise<void> {
    const now = Date.now();
    const cached = this.cache.get(actor.id);
    if (cached !== undefined && 'postings' in cached && now - cached.readAt < this.ttlMs) {
      return admit(actor, cached.postings, now);
    }
    const pending = cached !== undefined && 'pending' in cached ? cached.pending : this.read(actor.id);
    return pending.then((postings) => admit(actor, postings, Date.now()));
  }

  private read(bailiffId: string): Promise<readonly BailiffPosting[] | null> {
    const pending = this.postings.postingsOf(bailiffId).then(
      (postings) => {
        this.cache.set(bailiffId, { postings, readAt: Date.now() });
        return postings;
      },
      (error: unknown) => {
        // A failed read is not remembered: the next request tries again.
        this.cache.delete(bailiffId);
        throw error;
      },
    );
    this.cache.set(bailiffId, { pending });
    return pending;
  }
}

function admit(actor: Actor, postings: readonly BailiffPosting[] | null, now: number): void {
  const refusal = postingRefusal(actor, postings, vietnamToday(now));
  if (refusal !== null) {
    throw new ForbiddenException({
      code: refusal.code,
      message: refusal.messages.en,
      messages: refusal.messages,
      details: refusal.details,
    });
  }
}
