/**
 * The acts of event-type.ts as Spanish, Portuguese and Chinese wires write them, so a report in one language and a
 * report in another share a type. Patterns run on folded text (lower case, accents dropped, traditional Chinese
 * folded to simplified). Chinese has no word boundaries: its alternatives carry no \b.
 */
import type { EventType } from './event-type.js';

export const PATTERNS_I18N: ReadonlyArray<readonly [EventType, RegExp]> = [
  ['halt', /\b(suspend(e|en|io|ieron|era|eran|ida|ido|ido|eu|eram)|suspension|suspensao|paraliz\w*|paralis\w*|deten(er|dra|ida|ido|ido)|detiene|detuvo|cierre de (la )?mina|interrump\w*|interromp\w*|para(ron)? la produccion|cessa\w* a producao)\b|停产|停工|暂停|关停|停采|停运|停止开采|停止生产/],
  ['cut', /\b(recort\w*|reduc(e|en|ira|io|ieron) (la |su )?produccion|reduz\w* (a )?produ\w*|reducao da producao)\b|减产|限产|压减|降低产量/],
  ['restart', /\b(reanud\w*|reinici\w*|retom\w*|reabr\w*|reactiv\w*|reativ\w*)\b|复产|复工|恢复生产|恢复满产|重启/],
  ['start', /\b((inicia|inicio|comienza|comenzo|arranca|arranco) (la )?produccion|primer (embarque|envio|cargamento|lote)|primeir[ao] (producao|exportacao|embarque|carga))\b|投产|试生产|首批/],
  ['expansion', /\b(ampli(a|ara|aran|ar|acion|ou|ara|acao)|expan(de|dira|dio|sion|sao)|construira|construccion de)\b|扩产|扩建|扩能|新建|产能扩张/],
  ['permit', /\b(permisos?|licencias?|concesion(es)?|licencas?|autoriza\w*|aprob\w*|aprov\w* (o|a|el|la) (projeto|proyecto|mina))\b|获批|采矿证|采矿许可证|许可证|批准|环评/],
  ['policy', /\b(prohib\w*|proib\w*|cuotas?|aranceles?|nacionaliz\w*|(suspend\w*|congel\w*|frena\w*|restring\w*|limita\w*) ([\w-]+ ){0,4}exporta\w*)\b|禁止出口|出口禁令|出口限制|出口管制|禁令|配额|关税|国有化/],
  ['deal', /\b(adquir\w*|adquisicion|aquisicao|fusao|compra (de|da) )\b|收购|并购|入股/],
  ['earnings', /\b(resultados (trimestrales|del trimestre|anuales)|beneficio neto|lucro liquido|utilidad neta)\b|净利润|营收|业绩/],
  ['forecast', /\b(superavit|deficit|excedente|pronostic\w*|previs(ao|iones))\b|供应过剩|过剩|短缺|供需缺口/],
  ['incident', /\b(inundac\w*|inunda\w*|incendio|lluvias|chuvas|alag\w*|derrumbe)\b|洪水|事故|火灾|暴雨/],
];
