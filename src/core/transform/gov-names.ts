/**
 * Official English and Chinese names of the Hong Kong Government's 15 policy bureaux (since 1 July 2022), their
 * Secretaries, the main offices and departments, and the top posts and councils: the bilingual pairs that
 * hk-gov-names.yaml knows only one language at a time. Short forms are the ones the Government itself uses
 * (食環署 / FEHD); very short English ones that stand for other things (HB, SB, LD, MD, BD) are left out.
 * Outdated and wrong forms come from hk-gov-names (see names.ts), so they are not repeated here.
 */

export type GovNameKind = 'bureau' | 'secretary' | 'department' | 'office' | 'post' | 'council';

export interface GovName {
  en: string;
  'zh-HK': string;
  kind: GovNameKind;
  /** The Government's own short forms. */
  short?: { en?: string; 'zh-HK'?: string };
  /** Other correct ways of writing the name (not offered as the translation). */
  aliases?: { en?: string[]; 'zh-HK'?: string[] };
}

const b = (en: string, zh: string, enShort?: string, zhShort?: string): GovName => ({ en, 'zh-HK': zh, kind: 'bureau', short: { en: enShort, 'zh-HK': zhShort } });
const s = (en: string, zh: string): GovName => ({ en, 'zh-HK': zh, kind: 'secretary' });
const d = (en: string, zh: string, enShort?: string, zhShort?: string, kind: GovNameKind = 'department'): GovName => ({
  en,
  'zh-HK': zh,
  kind,
  short: { en: enShort, 'zh-HK': zhShort },
});

export const GOV_NAMES: readonly GovName[] = [
  // --- the 15 policy bureaux
  b('Civil Service Bureau', '公務員事務局', 'CSB'),
  b('Commerce and Economic Development Bureau', '商務及經濟發展局', 'CEDB', '商經局'),
  b('Constitutional and Mainland Affairs Bureau', '政制及內地事務局', 'CMAB'),
  b('Culture, Sports and Tourism Bureau', '文化體育及旅遊局', 'CSTB', '文體旅局'),
  b('Development Bureau', '發展局', 'DEVB'),
  b('Education Bureau', '教育局', 'EDB'),
  b('Environment and Ecology Bureau', '環境及生態局', 'EEB', '環生局'),
  b('Financial Services and the Treasury Bureau', '財經事務及庫務局', 'FSTB', '財庫局'),
  b('Health Bureau', '醫務衞生局', 'HHB', '醫衞局'),
  b('Home and Youth Affairs Bureau', '民政及青年事務局', 'HYAB', '民青局'),
  b('Housing Bureau', '房屋局'),
  b('Innovation, Technology and Industry Bureau', '創新科技及工業局', 'ITIB'),
  b('Labour and Welfare Bureau', '勞工及福利局', 'LWB', '勞福局'),
  b('Security Bureau', '保安局'),
  b('Transport and Logistics Bureau', '運輸及物流局', 'TLB', '運物局'),
  // --- their Secretaries
  s('Secretary for the Civil Service', '公務員事務局局長'),
  s('Secretary for Commerce and Economic Development', '商務及經濟發展局局長'),
  s('Secretary for Constitutional and Mainland Affairs', '政制及內地事務局局長'),
  s('Secretary for Culture, Sports and Tourism', '文化體育及旅遊局局長'),
  s('Secretary for Development', '發展局局長'),
  s('Secretary for Education', '教育局局長'),
  s('Secretary for Environment and Ecology', '環境及生態局局長'),
  s('Secretary for Financial Services and the Treasury', '財經事務及庫務局局長'),
  s('Secretary for Health', '醫務衞生局局長'),
  s('Secretary for Home and Youth Affairs', '民政及青年事務局局長'),
  s('Secretary for Housing', '房屋局局長'),
  s('Secretary for Innovation, Technology and Industry', '創新科技及工業局局長'),
  s('Secretary for Labour and Welfare', '勞工及福利局局長'),
  s('Secretary for Security', '保安局局長'),
  s('Secretary for Transport and Logistics', '運輸及物流局局長'),
  // --- top posts and councils
  { en: 'Chief Executive', 'zh-HK': '行政長官', kind: 'post', aliases: { 'zh-HK': ['特首'] } },
  { en: 'Chief Secretary for Administration', 'zh-HK': '政務司司長', kind: 'post' },
  { en: 'Financial Secretary', 'zh-HK': '財政司司長', kind: 'post' },
  { en: 'Secretary for Justice', 'zh-HK': '律政司司長', kind: 'post' },
  { en: 'Legislative Council', 'zh-HK': '立法會', kind: 'council', short: { en: 'LegCo' }, aliases: { en: ['LC Paper', 'LCQ'] } },
  { en: 'Executive Council', 'zh-HK': '行政會議', kind: 'council', short: { en: 'ExCo' } },
  { en: 'District Council', 'zh-HK': '區議會', kind: 'council' },
  // --- offices
  d('Digital Policy Office', '數字政策辦公室', 'DPO', '數字辦', 'office'),
  d("Chief Executive's Policy Unit", '特首政策組', undefined, undefined, 'office'),
  d('Civil Service College', '公務員學院', undefined, undefined, 'office'),
  d('Office of the Communications Authority', '通訊事務管理局辦公室', 'OFCA', '通訊辦', 'office'),
  d('Independent Commission Against Corruption', '廉政公署', 'ICAC', '廉署', 'office'),
  d('Audit Commission', '審計署', undefined, undefined, 'office'),
  // --- departments
  d('Food and Environmental Hygiene Department', '食物環境衞生署', 'FEHD', '食環署'),
  d('Centre for Food Safety', '食物安全中心', 'CFS', '食安中心'),
  d('Environmental Protection Department', '環境保護署', 'EPD', '環保署'),
  d('Agriculture, Fisheries and Conservation Department', '漁農自然護理署', 'AFCD', '漁護署'),
  d('Leisure and Cultural Services Department', '康樂及文化事務署', 'LCSD', '康文署'),
  d('Home Affairs Department', '民政事務總署', 'HAD', '民政總署'),
  d('Transport Department', '運輸署', 'TD'),
  d('Highways Department', '路政署', 'HyD'),
  d('Marine Department', '海事處'),
  d('Department of Health', '衞生署', 'DH'),
  d('Social Welfare Department', '社會福利署', 'SWD', '社署'),
  d('Labour Department', '勞工處'),
  d('Housing Department', '房屋署'),
  d('Hong Kong Housing Authority', '香港房屋委員會', undefined, '房委會'),
  d('Lands Department', '地政總署', 'LandsD'),
  d('Planning Department', '規劃署', 'PlanD'),
  d('Buildings Department', '屋宇署'),
  d('Drainage Services Department', '渠務署', 'DSD'),
  d('Water Supplies Department', '水務署', 'WSD'),
  d('Civil Engineering and Development Department', '土木工程拓展署', 'CEDD', '土拓署'),
  d('Architectural Services Department', '建築署', 'ArchSD'),
  d('Electrical and Mechanical Services Department', '機電工程署', 'EMSD', '機電署'),
  d('Hong Kong Police Force', '香港警務處', 'HKPF', '警務處'),
  d('Fire Services Department', '消防處', 'FSD'),
  d('Immigration Department', '入境事務處', 'ImmD', '入境處'),
  d('Customs and Excise Department', '香港海關', 'C&ED', '海關'),
  d('Correctional Services Department', '懲教署'),
  d('Government Flying Service', '政府飛行服務隊', 'GFS'),
  d('Inland Revenue Department', '稅務局', 'IRD'),
  d('Rating and Valuation Department', '差餉物業估價署', 'RVD', '差估署'),
  d('Census and Statistics Department', '政府統計處', 'C&SD', '統計處'),
  d('Information Services Department', '政府新聞處', 'ISD', '新聞處'),
  d('Hong Kong Observatory', '香港天文台', 'HKO', '天文台'),
  d('Department of Justice', '律政司', 'DoJ'),
  d('Innovation and Technology Commission', '創新科技署', 'ITC', '創科署'),
  d('Trade and Industry Department', '工業貿易署', 'TID', '工貿署'),
  d('Intellectual Property Department', '知識產權署', 'IPD'),
  d('Government Logistics Department', '政府物流服務署', 'GLD'),
  d('Government Property Agency', '政府產業署', 'GPA'),
  d('Legal Aid Department', '法律援助署', 'LAD', '法援署'),
  d('Companies Registry', '公司註冊處'),
  d('Land Registry', '土地註冊處'),
  d('Registration and Electoral Office', '選舉事務處', 'REO'),
];
