import { Forbidden } from '@app/event-sourcing';

/**
 * Refusals of a request that names an agency outside the actor's subtree. Agencies are public (anyone
 * signed in lists them), so saying no tells nothing new; the message still names no agency, neither
 * the one asked for nor the actor's own.
 */
export const AccessErrors = {
  /** `code` as each route has always answered it, since clients branch on it. */
  outsideOwnAgency: (code: 'FORBIDDEN' | 'OUTSIDE_OWN_AGENCY') =>
    new Forbidden(code, {
      vi: 'Cơ quan được yêu cầu nằm ngoài phạm vi cơ quan của bạn và các đơn vị trực thuộc.',
      en: 'The agency asked for is outside your agency and the agencies under it',
    }),
  bailiffsDoNotListStaff: () =>
    new Forbidden('FORBIDDEN', {
      vi: 'Chấp hành viên không được xem danh sách cán bộ.',
      en: 'Bailiffs do not list staff',
    }),
};
