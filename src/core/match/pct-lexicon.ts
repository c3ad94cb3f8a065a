/**
 * Word lists of how financial news states a change: direction verbs and nouns, the words that may sit between a
 * company and its move, the nouns of quantities that change, and the phrasing of price limits and references.
 */
export const UP = new Set(
  `up rose rise rises rising risen gained gain gains gaining jumped jump jumps jumping surged surge surges surging
  soared soar soars soaring climbed climb climbs climbing advanced advance advances rallied rally rallies increased
  increase increases increasing grew grow grows growing higher added adds lifted lift lifts raised raise raises
  boosted boost boosts spiked spike spikes rebounded rebound rebounds leapt leaped leap firmed firm expanded
  expand expands expanding lifting raising boosting popped pop pops skyrocketed rocketed edged accelerated
  sube suben subio subieron avanza avanzan avanzo avanzaron gana ganan gano ganaron repunta repunto repuntaron
  subiu subiram sobe sobem avancou avancaram ganhou ganharam aumentou aumentaram cresceu cresceram
  crece crecen crecio crecieron aumenta aumentan aumentaron cresce crescem subia subian subiam
  stieg stiegen steigt steigen gestiegen legte legten zugelegt kletterte kletterten klettert sprang sprangen
  gewann gewannen gewinnt springt springen verteuerte verteuerten erhohte erhohten erhoht
  s'envole s'envolent ripping rips ripped mooning mooned moons popping spiking
  grimpe grimpent progresse progressent bondit bondissent gagne gagnent augmente augmentent monte montent`
    .split(/\s+/)
    .filter(Boolean),
);
export const DOWN = new Set(
  `down fell fall falls falling fallen dropped drop drops dropping slid slide slides sliding slipped slip slips
  slumped slump slumps slumping plunged plunge plunges plunging plummeted plummet tumbled tumble tumbles sank sink
  sinks declined decline declines declining decreased decrease decreases decreasing lost lose loses losing shed
  sheds eased ease eases cut cuts cutting reduced reduce reduces reducing lower lowered lowers retreated retreat
  shrank shrink shrinks shrunk contracted contract tanked crashed dipped dip dips sagged trimmed trim curtailed
  slashed slash slashing weakened lowering trimming shedding off dn
  baja bajan bajo bajaron cae caen cayo cayeron retrocede retrocedio retrocedieron pierde perdio perdieron
  caiu cairam recuou recuaram perdeu perderam diminuiu diminuiram
  cai caem caia caiam recua recuam disminuye disminuyen disminuyo disminuyeron descendio descendieron
  redujo redujeron reducira reduciran recorto recortaron recorta recortan reduziu reduziram reduzira
  fiel fielen fallt gefallen sank sanken sinkt gesunken verlor verloren verliert rutschte rutschten
  senkt senkte gesenkt kurzt kurzte gekurzt drosselt gedrosselt verbilligte verbilligten brach brachen sackte sackten
  sturzte sturzten eingebrochen plonge plongent degringole degringolent nuked cratered cratering craters puked
  recule reculent baisse baissent chute chutent perd perdent cede cedent glisse glissent diminue diminuent
  reduire reduit reduisent reduira reduiront abaisse abaissent`
    .split(/\s+/)
    .filter(Boolean),
);
export const UP_NOUN = new Set('growth increase increases rise rises gain gains jump surge rally advance rebound aumento alza alta crecimiento subida hausse progression anstieg zuwachs plus wachstum steigerung'.split(' '));
export const DOWN_NOUN = new Set('decline declines decrease decreases drop drops fall falls cut cuts reduction slump plunge loss contraction queda caida baja descenso reduccao reduccion recuo recul chute diminution ruckgang einbruch minus'.split(' '));
/** A word saying something went up or down ("rose", "slumped", "higher"). */
export function isDirectionWord(w: string): boolean {
  return UP.has(w) || DOWN.has(w);
}

// Words that may sit between a direction word and its number ("fell about 7%", "down by 8%").
export const FILLER = new Set('about roughly nearly almost some around approximately another just only as much more than over close to a an by un una unos unas cerca'.split(' '));
// "stieg um 8,7 %" (German "um" = by), "redujo su producción en un 25 %" (Spanish/Portuguese "en"/"em"), "réduire de 15 %" (French "de" after a verb): the verb's change.
export const BY_WORDS = new Set(['by', 'um', 'en', 'em']);
// A trading session after a percentage makes it a share move ("up 11% premarket", "fell 3% in early trade").
export const SESSION_AFTER = /^\s*(?:in\s)?(?:premarket|pre-market|pre-mkt|after-hours|after hours|afterhours|intraday|in early trade|in early trading|in late trade|at the open|on the open|vorbörslich|nachbörslich|en séance|en bourse)\b/i;
// A number after these is a level or a reference point, not a change.
export const LEVEL = new Set('to from of at above below under beyond within stake own owns owned holds hold range al del hasta'.split(' '));
export const SHARE_WORDS = new Set('shares share stock stocks gainers gainer losers loser adr adrs equity equities acciones papeles titulos acoes aktie aktien papier papiere action actions l\'action titre titres'.split(' '));
export const QUANTITY_NOUNS = new Set(
  `output production prices price futures contract contracts index sales revenue revenues profit profits earnings
  income exports imports shipments supply demand capacity quota quotas inventories volumes volume deliveries
  rates rate yields yield consumption costs cost spending orders reserves resources margin margins imports
  registrations spot benchmark premium premiums produktion forderung kapazitat absatz umsatz capacite ventes`
    .split(/\s+/)
    .filter(Boolean),
);
// Between a company and its direction word only these may appear for the move to be the company's.
export const LINK = new Set(
  `shares share stock stocks was were is are has have had been closed ended finished traded trading its the h intraday
  premarket pre-market briefly initially once also further sharply today yesterday on monday tuesday wednesday
  thursday friday then later earlier both each all us listed line counter limit edged inched ticked crept nudged
  moved drifted went vorborslich nachborslich a ont hat haben ist sind`
    .split(/\s+/)
    .filter(Boolean),
);
export const CLAUSE = new Set('while whereas after as but although though because since amid and when before'.split(' '));

export const PCT = /(?<![\w.])([+-])?(\d+(?:\.\d+)?)\s?(%|per ?cent\b|por ciento\b|pct\b|pc\b)/g;
// "hit the 10% daily limit", "jumped by its 8% daily limit", "fell by the 10% limit-down".
export const LIMIT_AFTER = /^\s*(?:daily |trading |upper |lower |exchange )?(?:price )?limit(?:[- ](up|down))?\b/i;
export const LIMIT_FILLER = new Set('its the their a his her daily trading by at upper'.split(' '));
// Reaching a limit, with no direction word, is the usual case of a rally ("closed at the daily limit").
export const LIMIT_HIT = new Set('hit hits hitting touched touch touches reached reach reaches closed closes ended finished locked sealed'.split(' '));
// "about 35% below previous guidance": a change against a stated reference.
export const VERSUS =
  /^\s*(below|under|lower than|above|higher than|over)\s+(?:the |its |their |a |an )?(?:(?:19|20)\d\d |\d+-(?:year|day|month) |long-term |historical )?(previous|prior|earlier|original|initial|last|year-ago|year-earlier|a year earlier|a year ago|guidance|forecasts?|expectations|estimates|plan|target|average|averages|levels?)\b/i;
// Commodities whose price or output changes: "LME copper rose 3.4%" is a market, not a company in the story.
export const COMMODITY_WORDS = new Set(
  `copper nickel cobalt zinc aluminium aluminum tin gold silver platinum palladium oil crude brent wti gas
  coal iron ore lithium carbonate hydroxide spodumene lepidolite concentrate graphite manganese uranium potash
  iodine bromine lme comex shfe gfex futures`
    .split(/\s+/)
    .filter(Boolean),
);

// Words that open a phrase of place or time rather than the thing that changed.
export const VENUE_HEAD = new Set('in im am an at on during bis zum zur to'.split(' '));

/** French puts the changed quantity after the figure: "de 15 % la production de concentré". */
export function objectAfter(tail: string): string | undefined {
  const w = /^\s*(?:de\s)?(?:la\s|le\s|les\s|l'|du\s|des\s|sa\s|son\s|ses\s|leur\s)?(\p{L}+)/iu.exec(tail)?.[1]?.toLowerCase();
  return w && QUANTITY_NOUNS.has(w) ? w : undefined;
}
