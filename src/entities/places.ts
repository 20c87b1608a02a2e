/**
 * A small curated gazetteer of places and organisations, with the variants and abbreviations records use, and the
 * cleaning rules for the FRUS dateline place-name list (loaded at run time, see authority.loader.ts). Pure data.
 */

export interface CuratedEntry {
  kind: 'place' | 'organization';
  /** Stable slug: the authority key is `declass-place:<slug>` / `declass-org:<slug>`. */
  slug: string;
  name: string;
  variants: string[];
  /** pocom `missions-countries/<territory>` for "the Ambassador in <country>". */
  mission?: string;
  /** Abbreviations that are also English words in all-caps text ("US"): matched only in mixed-case text. */
  caseSensitive?: string[];
}

// kind|slug|Name|variants ; separated|mission territory (when it differs from the slug; "-" for none)
const PLACES = `
united-states|United States|U.S.;US;U.S.A.;USA;United States of America;America;the States|-
soviet-union|Soviet Union|USSR;U.S.S.R.;Union of Soviet Socialist Republics;the Soviets|russia
russia|Russia|Russian Federation|russia
united-kingdom|United Kingdom|UK;U.K.;Great Britain;Britain;England|united-kingdom
france|France||
germany|Germany|Federal Republic of Germany;FRG;West Germany|germany
east-germany|German Democratic Republic|GDR;East Germany|german-democratic-republic
china|China|People's Republic of China;PRC;P.R.C.;Communist China;Red China;Mainland China|china
taiwan|Taiwan|Formosa;Republic of China|-
japan|Japan||
italy|Italy||
spain|Spain||
portugal|Portugal||
netherlands|Netherlands|Holland;The Netherlands|
belgium|Belgium||
luxembourg|Luxembourg|Luxemburg|
switzerland|Switzerland||
austria|Austria||
austria-hungary|Austria-Hungary|Austro-Hungarian Empire|-
hungary|Hungary||
czechoslovakia|Czechoslovakia||
czech-republic|Czech Republic|Czechia|
slovakia|Slovakia||
poland|Poland||
romania|Romania|Rumania;Roumania|
bulgaria|Bulgaria||
yugoslavia|Yugoslavia||
serbia|Serbia||
croatia|Croatia||
slovenia|Slovenia||
bosnia|Bosnia and Herzegovina|Bosnia;Bosnia-Herzegovina|bosnia-herzegovina
macedonia|Macedonia||
albania|Albania||
greece|Greece||
turkey|Turkey|Ottoman Empire|
cyprus|Cyprus||
ukraine|Ukraine||
belarus|Belarus|Byelorussia|
moldova|Moldova||
lithuania|Lithuania||
latvia|Latvia||
estonia|Estonia||
finland|Finland||
sweden|Sweden||
norway|Norway||
denmark|Denmark||
iceland|Iceland||
ireland|Ireland|Irish Free State;Eire|
armenia|Armenia||
azerbaijan|Azerbaijan||
kazakhstan|Kazakhstan||
uzbekistan|Uzbekistan||
afghanistan|Afghanistan||
pakistan|Pakistan||
india|India||
bangladesh|Bangladesh|East Pakistan|
sri-lanka|Sri Lanka|Ceylon|
burma|Burma|Myanmar|
thailand|Thailand|Siam|
laos|Laos||
cambodia|Cambodia|Kampuchea|
vietnam|Vietnam|Viet-Nam;Viet Nam;North Vietnam;DRV|vietnam
south-vietnam|South Vietnam|Republic of Vietnam;RVN|vietnam-south
malaysia|Malaysia|Malaya|
singapore|Singapore||
indonesia|Indonesia|Netherlands East Indies;Dutch East Indies|
philippines|Philippines|Philippine Islands|
korea|Korea|Republic of Korea;ROK;South Korea|korea
north-korea|North Korea|DPRK;Democratic People's Republic of Korea|-
mongolia|Mongolia||
iran|Iran|Persia|
iraq|Iraq||
syria|Syria||
lebanon|Lebanon||
israel|Israel||
palestine|Palestine||
jordan|Jordan|Transjordan|
saudi-arabia|Saudi Arabia||
yemen|Yemen||
kuwait|Kuwait||
egypt|Egypt|United Arab Republic;UAR|
libya|Libya||
tunisia|Tunisia||
algeria|Algeria||
morocco|Morocco||
sudan|Sudan||
ethiopia|Ethiopia|Abyssinia|
somalia|Somalia||
kenya|Kenya||
tanzania|Tanzania|Tanganyika|
uganda|Uganda||
nigeria|Nigeria||
ghana|Ghana|Gold Coast|
liberia|Liberia||
congo|Congo|Zaire;Belgian Congo|congo-democratic-republic
angola|Angola||
mozambique|Mozambique||
rhodesia|Rhodesia|Zimbabwe|zimbabwe
zambia|Zambia||
south-africa|South Africa|Union of South Africa|
canada|Canada||
mexico|Mexico|México|
guatemala|Guatemala||
honduras|Honduras||
el-salvador|El Salvador|Salvador|
nicaragua|Nicaragua||
costa-rica|Costa Rica||
panama|Panama||
cuba|Cuba||
haiti|Haiti||
dominican-republic|Dominican Republic|Santo Domingo|
colombia|Colombia||
venezuela|Venezuela||
ecuador|Ecuador||
peru|Peru||
bolivia|Bolivia||
chile|Chile||
argentina|Argentina|Argentine Republic|
uruguay|Uruguay||
paraguay|Paraguay||
brazil|Brazil||
australia|Australia||
new-zealand|New Zealand||
vatican|Holy See|Vatican;The Vatican|holy-see
europe|Europe|-|-
asia|Asia|-|-
africa|Africa|-|-
latin-america|Latin America|South America;Central America|-
middle-east|Middle East|Near East|-
washington|Washington|Washington, D.C.;Washington D.C.|-
moscow|Moscow||-
london|London||-
paris|Paris||-
berlin|Berlin||-
bonn|Bonn||-
brussels|Brussels||-
rome|Rome||-
vienna|Vienna||-
geneva|Geneva||-
madrid|Madrid||-
lisbon|Lisbon||-
the-hague|The Hague||-
stockholm|Stockholm||-
oslo|Oslo|Christiania|-
copenhagen|Copenhagen||-
helsinki|Helsinki|Helsingfors|-
warsaw|Warsaw||-
prague|Prague|Praha|-
budapest|Budapest||-
bucharest|Bucharest||-
belgrade|Belgrade||-
sofia|Sofia||-
athens|Athens||-
ankara|Ankara||-
istanbul|Istanbul|Constantinople|-
st-petersburg|St. Petersburg|Petrograd;Leningrad;Saint Petersburg|-
kiev|Kiev|Kyiv|-
tokyo|Tokyo||-
beijing|Beijing|Peking;Peiping|-
shanghai|Shanghai||-
nanking|Nanking|Nanjing|-
hong-kong|Hong Kong|Hongkong|-
seoul|Seoul||-
manila|Manila||-
saigon|Saigon|Ho Chi Minh City|-
hanoi|Hanoi||-
bangkok|Bangkok||-
new-delhi|New Delhi|Delhi|-
karachi|Karachi||-
islamabad|Islamabad||-
kabul|Kabul||-
tehran|Tehran|Teheran|-
baghdad|Baghdad||-
damascus|Damascus||-
beirut|Beirut||-
jerusalem|Jerusalem||-
tel-aviv|Tel Aviv||-
cairo|Cairo||-
riyadh|Riyadh||-
tripoli|Tripoli||-
algiers|Algiers||-
nairobi|Nairobi||-
ottawa|Ottawa||-
mexico-city|Mexico City|Mexico, D.F.|-
havana|Havana|Habana|-
buenos-aires|Buenos Aires||-
rio-de-janeiro|Rio de Janeiro|Rio|-
santiago|Santiago||-
lima|Lima||-
bogota|Bogotá|Bogota|-
caracas|Caracas||-
montevideo|Montevideo||-
new-york|New York|New York City|-
canberra|Canberra||-
vladivostok|Vladivostok||-
`;

const ORGS = `
state-department|Department of State|State Department;Department;DOS;State Dept.;Foreign Office of the United States
white-house|White House|
nsc|National Security Council|NSC;N.S.C.
cia|Central Intelligence Agency|CIA;C.I.A.;the Agency
dod|Department of Defense|DOD;DoD;Defense Department;Pentagon;Department of War;War Department
jcs|Joint Chiefs of Staff|JCS;J.C.S.;Joint Chiefs
treasury|Department of the Treasury|Treasury Department;Treasury
commerce|Department of Commerce|Commerce Department
justice|Department of Justice|Justice Department;DOJ
fbi|Federal Bureau of Investigation|FBI;F.B.I.
nsa|National Security Agency|NSA
usia|United States Information Agency|USIA
aid|Agency for International Development|USAID;AID
acda|Arms Control and Disarmament Agency|ACDA
congress|Congress|United States Congress;U.S. Congress
senate|Senate|United States Senate;U.S. Senate
house-of-representatives|House of Representatives|
navy-department|Navy Department|Department of the Navy
un|United Nations|UN;U.N.;United Nations Organization
security-council|Security Council|UN Security Council;United Nations Security Council;U.N. Security Council
league-of-nations|League of Nations|League
nato|North Atlantic Treaty Organization|NATO;N.A.T.O.;North Atlantic Alliance;Atlantic Alliance
warsaw-pact|Warsaw Pact|Warsaw Treaty Organization
oas|Organization of American States|OAS;O.A.S.
pan-american-union|Pan American Union|
eu|European Union|EU
ec|European Community|EC;European Communities;EEC;European Economic Community;Common Market
osce|Organization for Security and Co-operation in Europe|OSCE;CSCE;Conference on Security and Cooperation in Europe
oecd|Organization for Economic Co-operation and Development|OECD
iaea|International Atomic Energy Agency|IAEA
imf|International Monetary Fund|IMF
world-bank|World Bank|International Bank for Reconstruction and Development;IBRD
seato|Southeast Asia Treaty Organization|SEATO
cento|Central Treaty Organization|CENTO
asean|Association of Southeast Asian Nations|ASEAN
opec|Organization of the Petroleum Exporting Countries|OPEC
kgb|KGB|K.G.B.
politburo|Politburo|Political Bureau
red-cross|Red Cross|International Red Cross;American Red Cross;ICRC
plo|Palestine Liberation Organization|PLO
`;

function parse(kind: 'place' | 'organization', block: string): CuratedEntry[] {
  return block
    .trim()
    .split('\n')
    .map((line) => {
      const [slug = '', name = '', variants = '', mission = ''] = line.split('|');
      const e: CuratedEntry = { kind, slug, name, variants: variants && variants !== '-' ? variants.split(';') : [] };
      if (kind === 'place' && mission !== '-') e.mission = mission === '' ? slug : mission;
      return e;
    });
}

/** "US" and "AID" are also words in all-caps cables; they count only where the text around is in mixed case. */
const CASE_SENSITIVE = new Set(['US', 'AID', 'UN', 'EC', 'the Agency', 'Department', 'League', 'Treasury', 'Rio', 'Salvador', 'America']);

export const CURATED: readonly CuratedEntry[] = [...parse('place', PLACES), ...parse('organization', ORGS)].map((e) => ({
  ...e,
  caseSensitive: [e.name, ...e.variants].filter((v) => CASE_SENSITIVE.has(v)),
}));

/** Single words of the dateline list that are OCR slips, common words or first names rather than places. */
const DATELINE_DENY = new Set(
  'Atheists Berk Home Some Sean Manage Pans Parts Pakis Pabis Petting Pelting Peeping Octagon Quadrant Travers Pons Leon Nancy Hamilton Augusta Tours Hull Soma Condon Darien Kremlin June Thursday Anfa Passy Nish Sion Chur Bled Barga Cork Macon Woodstock Newport Providence Victoria Concord Lincoln Jackson Charlotte Florence Mobile Reading'.split(
    ' ',
  ),
);
const MONTH_OR_DAY =
  /^(January|February|March|April|May|June|July|August|September|October|November|December|Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday)$/;

/**
 * Clean place names from `dateline-placeName-distinct.txt`: each comma-separated part of a line that reads like a
 * place ("San Francisco, California" → "San Francisco", "California"); ships, headquarters, OCR fragments and
 * anything with digits or quotes are left out.
 */
export function parseDatelinePlaces(text: string): string[] {
  const out = new Set<string>();
  for (const raw of text.split('\n')) {
    const line = raw
      .replace(/\([^)]*\)/g, ' ')
      .replace(/^[^\p{L}]+/u, '')
      .trim();
    if (!line || /[\d“”"?[\]]/.test(line) || /^(Aboard|Above|On board|En route|Near|Off|At sea)\b/i.test(line)) continue;
    for (const part of line.split(/,|\bvia\b/)) {
      const p = part.replace(/[.\s]+$/, '').trim();
      if (p.length < 3 || p.length > 40) continue;
      const words = p.split(/\s+/);
      if (words.length > 4) continue;
      if (!words.every((w) => /^\p{Lu}[\p{L}'’.-]*$/u.test(w) || /^(de|del|la|le|du|of|am|an|sur|en|y|da|do|di)$/.test(w))) continue;
      if (words.length === 1 && (DATELINE_DENY.has(p) || MONTH_OR_DAY.test(p))) continue;
      if (/\b(Headquarters|Embassy|Legation|Department|Office|Hotel|House|Conference|Station|Base|Camp|Ship|Train)\b/.test(p)) continue;
      out.add(p);
    }
  }
  return [...out];
}
