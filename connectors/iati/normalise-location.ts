import { attr, child, children, text, type XNode } from './xml-node.js';
import { decimal } from './problems.js';
import { codeOf, firstText, refOf, type Context } from './normalise-parts.js';
import type { AdministrativeCode, CodeRef, Location } from './types.js';

/**
 * An activity's `<location>` elements (IATI 2.0x). A location says where: a name, administrative
 * codes (a gazetteer's vocabulary, level and code), a point. A part that cannot be read (a point
 * that is not two coordinates on the globe, a code without a code) is dropped with a warning: the
 * rest of the location and the activity stand. How many locations an activity may carry is bounded
 * by the import's element limit (TRIBUTARY_MAX_ACTIVITY_ELEMENTS), like every other element.
 */
export function locations(node: XNode, ctx: Context): Location[] {
  return children(node, 'location').map((item, index) => {
    const field = `location[${index + 1}]`;
    const point = pointOf(child(item, 'point'), `${field}/point`, ctx);
    return {
      ref: refOf(item, field, ctx),
      reach: codeOf(child(item, 'location-reach'), `${field}/location-reach`, ctx),
      locationIds: codeRefs(item, 'location-id', field, ctx),
      name: firstText(child(item, 'name'), ctx),
      description: firstText(child(item, 'description'), ctx),
      activityDescription: firstText(child(item, 'activity-description'), ctx),
      administrative: administrative(item, field, ctx),
      latitude: point?.latitude ?? null,
      longitude: point?.longitude ?? null,
      exactness: codeOf(child(item, 'exactness'), `${field}/exactness`, ctx),
      locationClass: codeOf(child(item, 'location-class'), `${field}/location-class`, ctx),
      featureDesignation: codeOf(child(item, 'feature-designation'), `${field}/feature-designation`, ctx),
    };
  });
}

function codeRefs(location: XNode, name: string, field: string, ctx: Context): CodeRef[] {
  const result: CodeRef[] = [];
  children(location, name).forEach((node, index) => {
    const code = attr(node, 'code');
    if (code === null) ctx.problems.warn('MISSING_FIELD', `${field}/${name}[${index + 1}]/@code`, `${name} has no code; ignored`);
    else result.push({ vocabulary: attr(node, 'vocabulary') ?? '', code });
  });
  return result;
}

function administrative(location: XNode, field: string, ctx: Context): AdministrativeCode[] {
  const result: AdministrativeCode[] = [];
  children(location, 'administrative').forEach((node, index) => {
    const where = `${field}/administrative[${index + 1}]`;
    const code = attr(node, 'code');
    if (code === null) {
      ctx.problems.warn('MISSING_FIELD', `${where}/@code`, 'administrative has no code; ignored');
      return;
    }
    const rawLevel = attr(node, 'level');
    const level = rawLevel !== null && /^\d{1,2}$/.test(rawLevel) ? Number(rawLevel) : null;
    if (rawLevel !== null && level === null)
      ctx.problems.warn('INVALID_VALUE', `${where}/@level`, `level "${rawLevel}" is not a number; ignored`);
    result.push({ vocabulary: attr(node, 'vocabulary'), level, code });
  });
  return result;
}

/** `<pos>latitude longitude</pos>` (WGS 84), each on the globe. */
function pointOf(node: XNode | undefined, field: string, ctx: Context): { latitude: string; longitude: string } | null {
  const raw = text(child(node, 'pos'));
  if (raw === null) return null;
  const [lat, lon, ...rest] = raw.split(/\s+/);
  const latitude = lat === undefined ? null : decimal(lat);
  const longitude = lon === undefined ? null : decimal(lon);
  if (rest.length > 0 || latitude === null || longitude === null || Math.abs(Number(latitude)) > 90 || Math.abs(Number(longitude)) > 180) {
    ctx.problems.warn(
      'INVALID_VALUE',
      `${field}/pos`,
      `"${raw}" is not a latitude and a longitude in decimal degrees; the point is ignored`,
    );
    return null;
  }
  return { latitude, longitude };
}
