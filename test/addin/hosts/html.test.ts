/**
 * @jest-environment jsdom
 */
import { draftToHtml, draftToText, escapeHtml, sanitiseHtml } from '../../../src/addin/hosts/html';

describe('sanitiseHtml removes', () => {
  it.each([
    ['script element', '<p>好</p><script>alert(1)</script>', '<p>好</p>'],
    ['script in mixed case', '<ScRiPt>alert(1)</sCrIpT><p>好</p>', '<p>好</p>'],
    ['onerror handler and the image', '<img src=x onerror="alert(1)">文字', '文字'],
    ['remote image', '<p>前<img src="http://tracker.example/p.gif">後</p>', '<p>前後</p>'],
    ['https image too', '<p><img src="https://cdn.example/logo.png" alt="logo"></p>', '<p></p>'],
    ['event handlers on allowed tags', '<p onclick="x()" onmouseover="y()">按</p>', '<p>按</p>'],
    ['javascript: href', '<a href="javascript:alert(1)">連結</a>', '<a>連結</a>'],
    ['obfuscated javascript: href', '<a href="jav&#x09;ascript:alert(1)">連結</a>', '<a>連結</a>'],
    ['data: href', '<a href="data:text/html;base64,PHNjcmlwdD4=">連結</a>', '<a>連結</a>'],
    ['http: href', '<a href="http://example.gov.hk">連結</a>', '<a>連結</a>'],
    ['iframe', '<p>甲</p><iframe src="https://evil.example"></iframe><p>乙</p>', '<p>甲</p><p>乙</p>'],
    ['style attribute', '<p style="background:url(https://t.example/x)">文</p>', '<p>文</p>'],
    ['style on span', '<span style="display:none">隱藏</span>', '<span>隱藏</span>'],
    ['style element', '<style>p{color:red}</style><p>文</p>', '<p>文</p>'],
    ['form and inputs', '<form action="https://evil.example"><input name="pw"><button>送出</button></form>', '送出'],
    ['svg with script', '<svg><script>alert(1)</script></svg><p>文</p>', '<p>文</p>'],
    ['object/embed', '<object data="x.swf"></object><embed src="x.swf"><p>文</p>', '<p>文</p>'],
    ['class, id and data attributes', '<p class="x" id="y" data-x="1">文</p>', '<p>文</p>'],
    ['href on a non-link', '<span href="https://example.gov.hk">文</span>', '<span>文</span>'],
    ['meta refresh', '<meta http-equiv="refresh" content="0;url=https://evil.example"><p>文</p>', '<p>文</p>'],
    ['divs (kept content)', '<div><p>文</p></div>', '<p>文</p>'],
    ['non-numeric colspan', '<table><tbody><tr><td colspan="javascript:x">文</td></tr></tbody></table>', '<table><tbody><tr><td>文</td></tr></tbody></table>'],
    ['target and rel', '<a href="https://example.gov.hk" target="_blank" rel="opener">文</a>', '<a href="https://example.gov.hk">文</a>'],
  ])('%s', (_name, input, expected) => {
    expect(sanitiseHtml(input)).toBe(expected);
  });
});

describe('sanitiseHtml keeps', () => {
  it.each([
    ['the allow-listed structure', '<h1>標題</h1><h2>甲</h2><h3>乙</h3><p>段<br><strong>粗</strong><em>斜</em><u>底</u></p><ul><li>一</li></ul><ol><li>二</li></ol>'],
    ['tables', '<table><tbody><tr><th>項目</th><td colspan="2">內容</td></tr></tbody></table>'],
    ['https and mailto links', '<a href="https://www.fehd.gov.hk/">食環署</a><a href="mailto:enquiry@fehd.gov.hk">電郵</a>'],
  ])('%s', (_name, input) => {
    expect(sanitiseHtml(input)).toBe(input);
  });

  it('drops headings below h3 to their text', () => {
    expect(sanitiseHtml('<h4>小標</h4>')).toBe('小標');
  });
});

describe('draftToHtml', () => {
  it('escapes every text and groups list items', () => {
    expect(
      draftToHtml([
        { kind: 'heading', text: '<script>alert("x")</script>', level: 1 },
        { kind: 'paragraph', text: "Tom & Jerry's \"quote\"\nsecond line" },
        { kind: 'list-item', text: '<img src=x onerror=alert(1)>' },
        { kind: 'list-item', text: '二' },
        { kind: 'heading', text: '深', level: 6 },
        { kind: 'paragraph', text: '' },
      ]),
    ).toBe(
      '<h1>&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;</h1>' +
        '<p>Tom &amp; Jerry&#39;s &quot;quote&quot;<br>second line</p>' +
        '<ol><li>&lt;img src=x onerror=alert(1)&gt;</li><li>二</li></ol>' +
        '<h3>深</h3><p><br></p>',
    );
  });

  it('survives sanitising unchanged', () => {
    const html = draftToHtml([
      { kind: 'heading', text: '回覆', level: 2 },
      { kind: 'paragraph', text: '多謝 <來信>' },
      { kind: 'list-item', text: '一' },
    ]);
    expect(sanitiseHtml(html)).toBe(html);
  });

  it('has a plain-text form', () => {
    expect(draftToText([{ kind: 'heading', text: '題' }, { kind: 'list-item', text: '甲' }, { kind: 'list-item', text: '乙' }, { kind: 'paragraph', text: '完' }])).toBe(
      '題\n1. 甲\n2. 乙\n完',
    );
    expect(escapeHtml('<&>"\'')).toBe('&lt;&amp;&gt;&quot;&#39;');
  });
});
