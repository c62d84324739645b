import { Forbidden } from '@app/event-sourcing';

/** Refusals of the statistics routes that depend on the actor's role alone. */
export const StatisticsAccessErrors = {
  notForBailiffs: () =>
    new Forbidden('FORBIDDEN', {
      vi: 'Số liệu thống kê dành cho Thủ trưởng, Thẩm tra viên và Quản trị hệ thống.',
      en: 'Statistics are for heads, auditors and administrators',
    }),
  auditViewsOnly: () =>
    new Forbidden('FORBIDDEN', {
      vi: 'Số liệu tại một thời điểm trong quá khứ chỉ dành cho Thẩm tra viên và Quản trị hệ thống.',
      en: 'Audit views are for auditors and administrators',
    }),
  onlyHeadClosesPeriod: () =>
    new Forbidden('FORBIDDEN', {
      vi: 'Chỉ Thủ trưởng được khóa sổ kỳ báo cáo thống kê.',
      en: 'Only a head may close a statistical period',
    }),
  onlyAboveSetsTargets: () =>
    new Forbidden('FORBIDDEN', {
      vi: 'Chỉ tiêu của một cơ quan do Thủ trưởng cơ quan cấp trên hoặc Quản trị hệ thống giao.',
      en: "An agency's targets are set by the head of an agency above it, or by an administrator",
    }),
};
