/**
 * The one public factory of schedules: validates an {@link SdeSpec} against {@link SDE_FAMILIES} and builds the
 * family's closed forms.
 */
import { describeValue, invalid, InvalidParameterError, UnknownVariantError } from "../errors.js";
import type { SdeSpec } from "../spec.js";
import { OuSchedule } from "./ou.js";
import type { Schedule } from "./schedule.js";
import { isSdeFamily, SDE_FAMILIES, SDE_FAMILY_NAMES, type SdeFamily } from "./sde-families.js";
import {
  veConstDiffusion,
  veExpDiffusion,
  veLinearVarDiffusion,
  vePolynomialDiffusion,
  vePowerDiffusion,
  veQuadraticVarDiffusion,
  VeSchedule,
  veSongDiffusion,
  veSqrtDiffusion,
} from "./ve.js";
import { vpConstantRate, vpExponentialRate, vpLinearRate, vpPolynomialRate, VpSchedule } from "./vp.js";
import { vpCosineRate } from "./vp-cosine.js";

type Params = Readonly<Record<string, number>>;

/** Requires p[hiName] > p[loName] (both already known to be finite and > 0). */
function requireAbove(p: Params, hiName: string, loName: string): void {
  if (!(p[hiName] > p[loName])) invalid(`sde.${hiName}`, hiName, `> sde.${loName} = ${p[loName]}`, p[hiName]);
}

/** Builders per family; parameters arrive validated (finite, > 0, defaults filled). */
const BUILDERS: Record<SdeFamily, (p: Params) => Schedule> = {
  vp_constant: (p) => new VpSchedule("vp_constant", p.T, p, vpConstantRate(p.c)),
  vp_linear: (p) => {
    requireAbove(p, "beta_max", "beta_min");
    return new VpSchedule("vp_linear", p.T, p, vpLinearRate(p.beta_min, p.beta_max));
  },
  vp_polynomial: (p) => {
    requireAbove(p, "beta_max", "beta_min");
    return new VpSchedule("vp_polynomial", p.T, p, vpPolynomialRate(p.beta_min, p.beta_max, p.rho));
  },
  vp_exponential: (p) => {
    requireAbove(p, "beta_max", "beta_min");
    return new VpSchedule("vp_exponential", p.T, p, vpExponentialRate(p.beta_min, p.beta_max));
  },
  vp_cosine: (p) => new VpSchedule("vp_cosine", p.T, p, vpCosineRate(p.T, p.s, p.beta_cap)),
  ou: (p) => new OuSchedule(p.T, p, p.alpha, p.sigma),
  ve: (p) => {
    requireAbove(p, "sigma_max", "sigma_min");
    return new VeSchedule("ve", p.T, p, veSongDiffusion(p.sigma_min, p.sigma_max));
  },
  ve_linear_var: (p) => {
    requireAbove(p, "sigma_max", "sigma_min");
    return new VeSchedule("ve_linear_var", p.T, p, veLinearVarDiffusion(p.sigma_min, p.sigma_max));
  },
  ve_quadratic_var: (p) => {
    requireAbove(p, "sigma_max", "sigma_min");
    return new VeSchedule("ve_quadratic_var", p.T, p, veQuadraticVarDiffusion(p.sigma_min, p.sigma_max));
  },
  ve_polynomial: (p) => {
    requireAbove(p, "sigma_max", "sigma_min");
    return new VeSchedule("ve_polynomial", p.T, p, vePolynomialDiffusion(p.sigma_min, p.sigma_max, p.rho));
  },
  ve_exp: (p) => new VeSchedule("ve_exp", p.T, p, veExpDiffusion(p.a, p.b)),
  ve_const: (p) => new VeSchedule("ve_const", p.T, p, veConstDiffusion(p.a)),
  ve_sqrt: (p) => new VeSchedule("ve_sqrt", p.T, p, veSqrtDiffusion(p.a)),
  ve_power: (p) => new VeSchedule("ve_power", p.T, p, vePowerDiffusion(p.a, p.b, p.c)),
};

/**
 * Builds the schedule of `sde` (DESIGN §1 family table). Throws {@link UnknownVariantError} for an unknown
 * `sde.family` (listing the families) and {@link InvalidParameterError} naming `sde.<param>` for a parameter
 * that is missing (no default), not a finite number > 0, unknown to the family, or breaks a constraint of
 * {@link SDE_FAMILIES} (e.g. `sde.beta_max` must exceed `sde.beta_min`). Defaults: T = 1; vp_cosine
 * s = 0.008, beta_cap = 999.
 */
export function makeSchedule(sde: SdeSpec): Schedule {
  if (sde === null || typeof sde !== "object") invalid("sde", "the SDE", "an object with a family", sde);
  const family = sde.family;
  if (!isSdeFamily(family)) {
    throw new UnknownVariantError(
      `sde.family: family must be one of ${SDE_FAMILY_NAMES.join(", ")}; got ${describeValue(family)}`,
    );
  }
  const info = SDE_FAMILIES[family];
  const names = info.params.map((q) => q.name);
  for (const key of Object.keys(sde)) {
    if (key !== "family" && !names.includes(key) && sde[key] !== undefined) {
      throw new InvalidParameterError(
        `sde.${key}: parameter must be one of ${names.join(", ")} for family ${family}; got ${describeValue(key)}`,
      );
    }
  }
  const p: Record<string, number> = {};
  for (const q of info.params) {
    const raw = sde[q.name];
    const v = raw === undefined ? q.default : raw;
    if (typeof v !== "number" || !Number.isFinite(v) || v <= 0) {
      invalid(`sde.${q.name}`, `${q.description}`, q.default === undefined ? "a finite number > 0 (required)" : "a finite number > 0", raw);
    }
    p[q.name] = v;
  }
  return BUILDERS[family](Object.freeze(p));
}
