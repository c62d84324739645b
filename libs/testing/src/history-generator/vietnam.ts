/**
 * Names for generated histories: the 34 provinces and centrally governed cities in force since
 * 1 July 2025 (Resolution 202/2025/QH15), with the number of regional enforcement offices (Phòng THADS
 * khu vực) given to each so that they add up to the 355 of domain.md; the split is ours, weighted by
 * population and caseload. People's names follow the usual family / middle / given pattern.
 */
export interface ProvinceInfo {
  name: string;
  kind: 'tỉnh' | 'thành phố';
  offices: number;
}

export const PROVINCES: readonly ProvinceInfo[] = [
  { name: 'Hà Nội', kind: 'thành phố', offices: 22 },
  { name: 'Hồ Chí Minh', kind: 'thành phố', offices: 26 },
  { name: 'Hải Phòng', kind: 'thành phố', offices: 12 },
  { name: 'Đà Nẵng', kind: 'thành phố', offices: 8 },
  { name: 'Cần Thơ', kind: 'thành phố', offices: 8 },
  { name: 'Huế', kind: 'thành phố', offices: 6 },
  { name: 'Lai Châu', kind: 'tỉnh', offices: 5 },
  { name: 'Điện Biên', kind: 'tỉnh', offices: 6 },
  { name: 'Sơn La', kind: 'tỉnh', offices: 8 },
  { name: 'Lạng Sơn', kind: 'tỉnh', offices: 7 },
  { name: 'Quảng Ninh', kind: 'tỉnh', offices: 8 },
  { name: 'Thanh Hóa', kind: 'tỉnh', offices: 12 },
  { name: 'Nghệ An', kind: 'tỉnh', offices: 12 },
  { name: 'Hà Tĩnh', kind: 'tỉnh', offices: 8 },
  { name: 'Cao Bằng', kind: 'tỉnh', offices: 6 },
  { name: 'Tuyên Quang', kind: 'tỉnh', offices: 9 },
  { name: 'Lào Cai', kind: 'tỉnh', offices: 9 },
  { name: 'Thái Nguyên', kind: 'tỉnh', offices: 9 },
  { name: 'Phú Thọ', kind: 'tỉnh', offices: 12 },
  { name: 'Bắc Ninh', kind: 'tỉnh', offices: 11 },
  { name: 'Hưng Yên', kind: 'tỉnh', offices: 11 },
  { name: 'Ninh Bình', kind: 'tỉnh', offices: 11 },
  { name: 'Quảng Trị', kind: 'tỉnh', offices: 9 },
  { name: 'Quảng Ngãi', kind: 'tỉnh', offices: 10 },
  { name: 'Gia Lai', kind: 'tỉnh', offices: 11 },
  { name: 'Khánh Hòa', kind: 'tỉnh', offices: 10 },
  { name: 'Lâm Đồng', kind: 'tỉnh', offices: 12 },
  { name: 'Đắk Lắk', kind: 'tỉnh', offices: 11 },
  { name: 'Đồng Nai', kind: 'tỉnh', offices: 12 },
  { name: 'Tây Ninh', kind: 'tỉnh', offices: 11 },
  { name: 'Vĩnh Long', kind: 'tỉnh', offices: 11 },
  { name: 'Đồng Tháp', kind: 'tỉnh', offices: 11 },
  { name: 'Cà Mau', kind: 'tỉnh', offices: 9 },
  { name: 'An Giang', kind: 'tỉnh', offices: 12 },
];

export const FAMILY_NAMES: readonly (readonly [string, number])[] = [
  ['Nguyễn', 38],
  ['Trần', 11],
  ['Lê', 9.5],
  ['Phạm', 7],
  ['Hoàng', 4],
  ['Huỳnh', 1.5],
  ['Phan', 4.5],
  ['Vũ', 3.9],
  ['Võ', 2],
  ['Đặng', 2.1],
  ['Bùi', 2],
  ['Đỗ', 1.4],
  ['Hồ', 1.3],
  ['Ngô', 1.3],
  ['Dương', 1],
  ['Lý', 0.5],
  ['Đinh', 0.8],
  ['Trương', 0.8],
  ['Lương', 0.5],
  ['Mai', 0.5],
  ['Đào', 0.5],
  ['Cao', 0.4],
  ['Tạ', 0.3],
  ['Lưu', 0.3],
];

export const MALE_MIDDLE_NAMES = [
  'Văn',
  'Hữu',
  'Đức',
  'Minh',
  'Quang',
  'Công',
  'Thanh',
  'Xuân',
  'Ngọc',
  'Đình',
  'Tiến',
];
export const FEMALE_MIDDLE_NAMES = ['Thị', 'Ngọc', 'Thu', 'Thanh', 'Minh', 'Kim', 'Bích', 'Thùy', 'Phương', 'Hồng'];
export const MALE_GIVEN_NAMES = [
  'An',
  'Bảo',
  'Bình',
  'Cường',
  'Dũng',
  'Duy',
  'Đạt',
  'Hải',
  'Hiếu',
  'Hòa',
  'Hùng',
  'Huy',
  'Khang',
  'Khoa',
  'Long',
  'Lâm',
  'Mạnh',
  'Nam',
  'Nghĩa',
  'Phong',
  'Phúc',
  'Quân',
  'Quý',
  'Sơn',
  'Tài',
  'Thắng',
  'Thành',
  'Thịnh',
  'Toàn',
  'Trung',
  'Tuấn',
  'Tùng',
  'Việt',
  'Vinh',
];
export const FEMALE_GIVEN_NAMES = [
  'Anh',
  'Bình',
  'Châu',
  'Chi',
  'Dung',
  'Giang',
  'Hà',
  'Hạnh',
  'Hằng',
  'Hiền',
  'Hoa',
  'Hồng',
  'Huệ',
  'Hương',
  'Lan',
  'Liên',
  'Linh',
  'Loan',
  'Mai',
  'My',
  'Nga',
  'Ngân',
  'Nhung',
  'Oanh',
  'Phương',
  'Quỳnh',
  'Tâm',
  'Thảo',
  'Thủy',
  'Trang',
  'Trinh',
  'Tuyết',
  'Vân',
  'Yến',
];

export const STREETS = [
  'Lê Lợi',
  'Trần Hưng Đạo',
  'Nguyễn Trãi',
  'Hai Bà Trưng',
  'Lý Thường Kiệt',
  'Quang Trung',
  'Nguyễn Huệ',
  'Hùng Vương',
  'Điện Biên Phủ',
  'Phan Chu Trinh',
  'Lê Duẩn',
  'Nguyễn Du',
  'Bà Triệu',
  'Trần Phú',
  'Nguyễn Văn Cừ',
  'Võ Thị Sáu',
  'Cách Mạng Tháng Tám',
  'Lạc Long Quân',
  'Ngô Quyền',
  'Phạm Văn Đồng',
];
export const WARDS = [
  'Bến Thành',
  'Hoàn Kiếm',
  'Ba Đình',
  'Cầu Giấy',
  'Tân Định',
  'Hòa Bình',
  'Thống Nhất',
  'Tân Phong',
  'Phú Lợi',
  'An Phú',
  'Long Biên',
  'Hòa Khánh',
  'Thuận An',
  'Tân Hưng',
  'Bình Minh',
  'Quang Trung',
  'Hồng Hà',
  'Việt Hưng',
];

/** Companies on the debtor side of commercial and credit cases, and banks on the creditor side. */
export const COMPANY_PREFIXES = ['Công ty TNHH', 'Công ty cổ phần', 'Doanh nghiệp tư nhân', 'Hợp tác xã'];
export const COMPANY_NAMES = [
  'Minh Phát',
  'Thành Công',
  'Hoàng Long',
  'Phú Thịnh',
  'Đại Việt',
  'Sao Mai',
  'Tân Thành',
  'Hưng Thịnh',
  'Việt Á',
  'An Khang',
  'Kim Ngân',
  'Trường Sơn',
  'Thái Bình Dương',
  'Nam Việt',
  'Hải Âu',
];
export const BANKS = [
  'Ngân hàng TMCP Công Thương Việt Nam',
  'Ngân hàng TMCP Ngoại thương Việt Nam',
  'Ngân hàng TMCP Đầu tư và Phát triển Việt Nam',
  'Ngân hàng Nông nghiệp và Phát triển Nông thôn Việt Nam',
  'Ngân hàng TMCP Sài Gòn Thương Tín',
  'Ngân hàng TMCP Quân đội',
  'Ngân hàng TMCP Á Châu',
  'Ngân hàng TMCP Kỹ thương Việt Nam',
];

export const POSTPONEMENT_GROUNDS = [
  'Người phải thi hành án ốm nặng có xác nhận của cơ sở y tế',
  'Chưa xác định được địa chỉ của người phải thi hành án',
  'Người được thi hành án đồng ý cho hoãn thi hành án',
  'Tài sản kê biên có tranh chấp đã được Tòa án thụ lý',
];
export const SUSPENSION_GROUNDS = [
  'Tòa án thụ lý đơn yêu cầu mở thủ tục phá sản đối với người phải thi hành án',
  'Người có thẩm quyền kháng nghị bản án theo thủ tục giám đốc thẩm',
];
export const RESUMPTION_GROUNDS = ['Hết thời hạn hoãn thi hành án', 'Căn cứ tạm đình chỉ không còn'];
export const REINSTATEMENT_GROUNDS = [
  'Phát hiện người phải thi hành án có tài sản mới',
  'Người phải thi hành án có thu nhập ổn định',
  'Xác định được địa chỉ mới của người phải thi hành án',
];
export const COMPLAINT_SUMMARIES = [
  'Khiếu nại quyết định phong tỏa tài khoản',
  'Khiếu nại việc kê biên tài sản',
  'Khiếu nại kết quả thẩm định giá tài sản',
  'Khiếu nại việc chậm chi trả tiền thi hành án',
];
export const ENTRUSTMENT_GROUNDS = [
  'Người phải thi hành án có tài sản tại địa phương khác',
  'Người phải thi hành án cư trú, làm việc tại địa phương khác',
];
export const REVERSAL_REASONS = ['Ghi nhầm số tiền trên biên lai', 'Ghi nhầm việc thi hành án', 'Biên lai lập sai'];
export const MEASURE_DESCRIPTIONS: Record<string, string> = {
  freeze_account: 'Phong tỏa tài khoản tại ngân hàng',
  garnish_income: 'Khấu trừ tiền lương, thu nhập hằng tháng',
  seize_asset: 'Kê biên quyền sử dụng đất và tài sản gắn liền với đất',
  valuation: 'Thẩm định giá tài sản kê biên',
  auction: 'Bán đấu giá tài sản kê biên',
  hand_over: 'Giao tài sản cho người được thi hành án',
  other: 'Buộc thực hiện công việc theo bản án',
};

/** Lower-case ASCII slug of a Vietnamese name: "Đắk Lắk" → "dak-lak". */
export function slug(name: string): string {
  return name
    .normalize('NFD')
    .replace(/[\u0300-\u036f]/g, '')
    .replace(/[đĐ]/g, 'd')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-|-$/g, '');
}
