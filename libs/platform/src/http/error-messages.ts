import type { Messages } from '@app/event-sourcing';
import { ROLE_NAMES_VI, type Role } from '@app/kernel';

/**
 * The refusals the platform itself answers, whatever the route: every 403, 404 and 409 carries
 * `messages`, so a client shows its users a whole sentence in their language.
 */
export const PlatformMessages = {
  roleNotAllowed: (allowed: readonly Role[], role: Role): Messages => ({
    vi: `Chức năng này chỉ dành cho ${allowed.map((r) => ROLE_NAMES_VI[r]).join(', ')}; bạn đang đăng nhập với vai trò ${ROLE_NAMES_VI[role]}.`,
    en: `Only the roles ${allowed.join(', ')} may use this route; you are ${role}`,
  }),
  readOnly: (): Messages => ({
    vi: 'Thẩm tra viên chỉ được xem dữ liệu, không được ghi hay sửa đổi.',
    en: 'auditors have read-only access',
  }),
  concurrentModification: (): Messages => ({
    vi: 'Một yêu cầu khác vừa thay đổi dữ liệu này cùng lúc; hãy tải lại rồi thử lại.',
    en: 'Another request changed this resource at the same time; read it again and retry',
  }),
  idempotencyInProgress: (en: string): Messages => ({
    vi: 'Một yêu cầu dùng cùng khóa chống trùng lặp vẫn đang được xử lý; hãy gửi lại sau ít giây với đúng khóa đó.',
    en,
  }),
  forbidden: (en: string): Messages => ({ vi: 'Bạn không có quyền thực hiện thao tác này.', en }),
  notFound: (en: string): Messages => ({ vi: 'Không tìm thấy địa chỉ hoặc dữ liệu được yêu cầu.', en }),
  conflict: (en: string): Messages => ({
    vi: 'Yêu cầu mâu thuẫn với trạng thái hiện tại của dữ liệu; hãy tải lại rồi thử lại.',
    en,
  }),
};

/**
 * Messages for a 403, 404 or 409 raised without them (the router's unknown route, a refusal of a
 * shared component): its own when its code has one, else a sentence for its status.
 */
export function fallbackMessages(status: number, code: string, en: string): Messages | undefined {
  if (code === 'IDEMPOTENCY_IN_PROGRESS') return PlatformMessages.idempotencyInProgress(en);
  if (status === 403) return PlatformMessages.forbidden(en);
  if (status === 404) return PlatformMessages.notFound(en);
  if (status === 409) return PlatformMessages.conflict(en);
  return undefined;
}
