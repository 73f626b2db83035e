export interface CitizenQuery {
  q: string;
  code: string;
  within: number;
  why: string;
}

/**
 * What citizens type (DOMAIN.md's vocabulary) and the procedure they mean. `within` 1 means it
 * must come first; 3 is for queries that honestly fit several procedures. The search tests check
 * the ranking with them; the search bench times them.
 */
export const CITIZEN_QUERIES: CitizenQuery[] = [
  { q: 'dang ky khai sinh', code: '1.001193', within: 1, why: 'no diacritics' },
  { q: 'Đăng ký khai sinh', code: '1.001193', within: 1, why: 'exact' },
  { q: 'DANG KY KHAI SINH', code: '1.001193', within: 1, why: 'upper case' },
  { q: 'đăng kí khai sinh', code: '1.001193', within: 1, why: 'kí for ký' },
  { q: 'dang ky khai sibh', code: '1.001193', within: 1, why: 'one typo' },
  { q: 'dang ky khai si', code: '1.001193', within: 1, why: 'half-typed last word' },
  { q: 'Đăng ký khai sinh'.normalize('NFD'), code: '1.001193', within: 1, why: 'decomposed Unicode (NFD)' },
  { q: 'Đăng ký kết hôn', code: '1.000894', within: 1, why: 'exact' },
  { q: 'dang ki ket hon', code: '1.000894', within: 1, why: 'no diacritics, ki for ky' },
  { q: 'đang ky kêt hon', code: '1.000894', within: 1, why: 'wrong diacritics' },
  { q: 'ket hon co yeu to nuoc ngoai', code: '2.000806', within: 1, why: 'no diacritics, long' },
  { q: 'khai tu', code: '1.000656', within: 1, why: 'short name' },
  { q: 'khai tử lưu động', code: '1.000419', within: 1, why: 'partial name' },
  { q: '1.001193', code: '1.001193', within: 1, why: 'a code' },
  { q: ' 2.000815 ', code: '2.000815', within: 1, why: 'a code with spaces' },
  { q: '1.00119', code: '1.001193', within: 1, why: 'a code prefix' },
  { q: 'chung thuc ban sao', code: '2.000815', within: 1, why: 'no diacritics' },
  { q: 'chứng thực chữ ký', code: '2.000884', within: 3, why: 'three signature procedures' },
  { q: 'chung thuc di chuc', code: '2.001019', within: 1, why: 'no diacritics' },
  { q: 'Cấp Giấy xác nhận tình trạng hôn nhân', code: '1.004873', within: 1, why: 'exact' },
  { q: 'xac nhan tinh trang hon nhan', code: '1.004873', within: 1, why: 'no diacritics' },
  { q: 'xac nhan tinh trang hon nhna', code: '1.004873', within: 1, why: 'typo in the last word' },
  { q: 'dang ky thuong tru', code: '1.004222', within: 1, why: 'no diacritics' },
  { q: 'gia han tam tru', code: '1.002755', within: 1, why: 'no diacritics' },
  { q: 'tách hộ', code: '1.010038', within: 1, why: 'two syllables' },
  { q: 'thanh lap ho kinh doanh', code: '1.001612', within: 1, why: 'no diacritics' },
  { q: 'giay phep xay dung nha o rieng le', code: '1.013225', within: 1, why: 'long, no diacritics' },
  { q: 'giấy phép lao động người nước ngoài', code: '1.014199', within: 3, why: 'four work-permit procedures' },
  { q: 'nuoi con nuoi trong nuoc', code: '2.001263', within: 1, why: 'no diacritics' },
  { q: 'ho tro chi phi mai tang', code: '1.001731', within: 1, why: 'no diacritics' },
  { q: 'mai táng', code: '1.001731', within: 3, why: 'one word pair' },
  { q: 'cong nhan ho ngheo', code: '1.011607', within: 3, why: 'no diacritics' },
  { q: 'tro cap tho cung liet si', code: '1.010803', within: 1, why: 'no diacritics' },
  { q: 'tuyen sinh trung hoc co so', code: '3.000182', within: 1, why: 'no diacritics' },
  { q: 'giải thể trường tiểu học', code: '1.001639', within: 1, why: 'exact' },
  { q: 'hoa giai tranh chap dat dai', code: '1.012812', within: 1, why: 'no diacritics' },
  { q: 'giay chung sinh', code: '1.001193', within: 1, why: 'a required document (Giấy chứng sinh)' },
  { q: 'giam ho', code: '1.004837', within: 3, why: 'short' },
];
