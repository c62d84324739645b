import { Forbidden, NotFound } from '@app/event-sourcing';

/** The audit routes' own answers: refusals by role or by reach, and a case looked for before it began. */
export const AuditErrors = {
  onlyAuditorsReadHistory: () =>
    new Forbidden('FORBIDDEN', {
      vi: 'Chỉ Thẩm tra viên và Quản trị hệ thống được xem lịch sử hồ sơ.',
      en: 'Only an auditor or an administrator may read the audit history',
    }),
  wholeLogForCentralOnly: () =>
    new Forbidden('FORBIDDEN', {
      vi: 'Chỉ Quản trị hệ thống và Thẩm tra viên của cơ quan trung ương được kiểm tra toàn bộ hoặc một đoạn nhật ký sự kiện; hãy kiểm tra từng việc của cơ quan mình bằng mã việc.',
      en: 'Only administrators and auditors of the central agency may verify the whole log or a range of it; verify one case of your agency with ?caseId=',
    }),
  caseStreamsOnly: () =>
    new Forbidden('FORBIDDEN', {
      vi: 'Thẩm tra viên ngoài cơ quan trung ương chỉ được kiểm tra nhật ký của từng việc thi hành án.',
      en: 'Auditors outside the central agency may verify case streams only',
    }),
  notYetAt: (caseId: string, at: string) =>
    new NotFound('Case', caseId, {
      vi: `Việc thi hành án ${caseId} chưa tồn tại vào thời điểm ${at}.`,
      en: `Case ${caseId} did not exist yet at ${at}`,
    }),
  noRevision: (caseId: string, revision: number) =>
    new NotFound('Case', caseId, {
      vi: `Việc thi hành án ${caseId} chưa có phiên bản số ${revision}.`,
      en: `Case ${caseId} has no revision ${revision}`,
    }),
};
