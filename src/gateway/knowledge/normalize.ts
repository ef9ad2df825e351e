/**
 * Text normalisation for retrieval only (never shown to anyone): full-width forms to ASCII, lower case,
 * British spellings, and Traditional Chinese mapped to Simplified one character at a time, because jieba's
 * dictionary is Simplified and segments Traditional text poorly. The mapping keeps lengths (1:1 per
 * character), so that it can never merge or split words. It is the inverse of the Simplified -> Traditional
 * table of the hk-zh-characters rule set, with the HK variant forms (衞, 裏, 着 ...) folded onto the same
 * character, plus a supplement of common Traditional characters the rule set does not list.
 */
import { BUILTIN_RULE_SETS } from '../../core/checks/rulesets/builtin.generated';

/**
 * Traditional -> Simplified pairs missing from the rule set's table (it lists only characters that must never
 * appear in Traditional text, so common ones with rarer Simplified forms are absent). Pairs of two characters.
 */
const SUPPLEMENT =
  '駛驶駕驾執执續续請请補补費费衞卫衛卫證证歲岁屆届鐘钟閱阅審审際际屬属麼么測测檢检驗验廳厅鄰邻隸隶' +
  '罰罚錯错誤误違违範范規规則则條条懲惩準准據据處处罷罢撥拨辦办雜杂項项週周遞递銷销營营衆众' +
  '騎骑駐驻駁驳齡龄療疗壽寿殘残婦妇嬰婴孫孙貼贴貸贷賠赔償偿購购臨临攤摊販贩蝦虾蟲虫蟻蚁蠅蝇滅灭' +
  '潔洁淨净濕湿漿浆渦涡澆浇濾滤廁厕廚厨艙舱輛辆軌轨輪轮軟软載载輸输遲迟適适鬆松' +
  '線线纜缆綫线鏈链錶表鎖锁閘闸闖闯階阶隊队險险陰阴陸陆韋韦頁页頂顶順顺頒颁預预領领頻频額额' +
  '顧顾飲饮飯饭飼饲餘余館馆魚鱼鮮鲜鴨鸭鵝鹅鷄鸡齒齿龜龟搶抢擁拥擬拟擴扩攜携斷断棄弃榮荣' +
  '樓楼樣样槍枪歸归殯殡氣气滯滞災灾煙烟燒烧爐炉牆墙獎奖獲获產产畢毕盜盗盡尽監监礙碍禍祸禮礼' +
  '稱称穩稳窮穷競竞筆笔範范糧粮紀纪紅红納纳紙纸級级細细終终組组結结絡络給给統统絲丝綠绿維维' +
  '網网緊紧總总績绩繳缴繫系纍累罷罢聽听聯联職职膽胆腦脑舉举舊旧艱艰藥药蘆芦虧亏補补裝装製制' +
  '複复覽览觸触訂订計计訊讯記记許许設设訪访評评詢询試试該该詳详認认語语說说調调談谈請请' +
  '諮咨謝谢講讲謹谨譯译護护讀读變变讓让貨货責责貴贵買买貿贸資资賬账質质趕赶跡迹踐践車车軍军' +
  '這这運运過过達达違违遠远還还邊边郵邮鄉乡醫医釋释針针鋪铺錄录錢钱鍵键長长門门開开間间關关' +
  '陳陈陽阳隨随雙双雞鸡離离難难電电靜静韓韩頭头題题類类風风飛飞養养馬马驅驱體体髮发鬥斗麵面' +
  '黨党齊齐龍龙園园圍围圖图團团墊垫壓压壞坏壩坝夠够夢梦夥伙奪夺婁娄學学寬宽寶宝將将對对導导' +
  '層层屢屡嶺岭幣币幫帮廣广廢废彈弹徑径從从徵征應应懷怀戰战戶户拋抛掃扫掛挂揀拣換换擔担據据' +
  '擋挡擾扰數数廈厦來来倉仓個个們们倫伦偉伟側侧備备傳传債债傷伤傾倾價价儀仪儲储優优兒儿內内' +
  '兩两冊册凍冻劃划劑剂勞劳勢势勵励區区協协參参叢丛啟启喪丧單单嚴严噸吨嘆叹園园圓圆塊块塵尘';

let table: Map<string, string> | undefined;

function buildTable(): Map<string, string> {
  const t2s = new Map<string, string>();
  const set = BUILTIN_RULE_SETS.find((s) => s.id === 'hk-zh-characters');
  const rules = (set?.rules ?? {}) as Record<string, { map?: Record<string, string | string[]> }>;
  for (const [simplified, traditional] of Object.entries(rules.simplified?.map ?? {})) {
    if ([...simplified].length !== 1) continue;
    for (const t of ([] as string[]).concat(traditional)) if ([...t].length === 1 && !t2s.has(t)) t2s.set(t, simplified);
  }
  for (let i = 0; i + 1 < SUPPLEMENT.length; i += 2) if (!t2s.has(SUPPLEMENT[i])) t2s.set(SUPPLEMENT[i], SUPPLEMENT[i + 1]);
  // HK variant forms (衛 -> 衞, 裡 -> 裏): both spellings go to the same Simplified character.
  for (const [variant, preferred] of Object.entries(rules['hk-forms']?.map ?? {})) {
    if ([...variant].length !== 1 || typeof preferred !== 'string' || [...preferred].length !== 1) continue;
    const s = t2s.get(preferred) ?? t2s.get(variant);
    if (s) {
      if (!t2s.has(variant)) t2s.set(variant, s);
      if (!t2s.has(preferred)) t2s.set(preferred, s);
    } else t2s.set(variant, preferred);
  }
  // 着 and 著 are one word in Simplified text; 裏 and 裡 are 里.
  for (const [t, s] of [['着', '着'], ['著', '着'], ['裏', '里'], ['裡', '里'], ['甚', '甚']] as const) t2s.set(t, s);
  for (const [t, s] of t2s) if (t === s) t2s.delete(t);
  return t2s;
}

/** Traditional -> Simplified, one character for one character (lengths are kept). */
export function toSimplified(text: string): string {
  table ??= buildTable();
  let out = '';
  for (const ch of text) out += table.get(ch) ?? ch;
  return out;
}

/** Every character the table maps (for tests). */
export function mappedCharacters(): number {
  table ??= buildTable();
  return table.size;
}

/** American spellings folded onto the British ones the Government writes, so both find the same passages. */
const SPELLING: Record<string, string> = {
  license: 'licence',
  licenses: 'licences',
  center: 'centre',
  centers: 'centres',
  program: 'programme',
  programs: 'programmes',
  color: 'colour',
  organize: 'organise',
  organization: 'organisation',
  organizations: 'organisations',
  authorize: 'authorise',
  authorization: 'authorisation',
  recognize: 'recognise',
  defense: 'defence',
  offense: 'offence',
  offenses: 'offences',
  enrollment: 'enrolment',
  fulfill: 'fulfil',
  favor: 'favour',
  behavior: 'behaviour',
  neighbor: 'neighbour',
  neighborhood: 'neighbourhood',
  labor: 'labour',
  harbor: 'harbour',
  tire: 'tyre',
  tires: 'tyres',
  catalog: 'catalogue',
};

export function britishSpelling(word: string): string {
  return SPELLING[word] ?? word;
}

/** NFKC (full-width letters and digits to ASCII, compatibility ideographs to unified ones) and lower case. */
export function fold(text: string): string {
  return text.normalize('NFKC').toLowerCase();
}
