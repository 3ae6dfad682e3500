import { expect } from '@open-wc/testing';
import * as fc from 'fast-check';
import * as sinon from 'sinon';
import {
  DEFAULTS,
  MAX_DELAY,
  NUMBER_SETTINGS,
  parseMode,
  parseNumber,
  parseOrigins,
  parsePopupFeatures,
} from '../src/settings.js';

describe('settings: one parser per setting, a fallback and one warning for a bad value', () => {
  let warn: sinon.SinonStub;
  beforeEach(() => {
    warn = sinon.stub(console, 'warn');
  });
  afterEach(() => warn.restore());

  const warnings = () => warn.args.map((args) => String(args[0]));

  it('numbers: clamped to their range, with a warning naming the value', () => {
    expect(parseNumber('timeout', Number.MAX_SAFE_INTEGER)).to.equal(MAX_DELAY);
    expect(parseNumber('timeout', 0)).to.equal(1000);
    expect(parseNumber('timeout', -5)).to.equal(1000);
    expect(parseNumber('pollInterval', 1)).to.equal(50);
    expect(parseNumber('pollInterval', 60_000)).to.equal(10_000);
    expect(parseNumber('requestTimeout', Infinity)).to.equal(MAX_DELAY);
    expect(warnings()).to.have.length(6);
    expect(warnings()[0]).to.equal(
      '<bwell-connect>: timeout "9007199254740991" is not a number of ms within 1000…2147483647; using 2147483647.',
    );
  });

  it('numbers: numeric strings count; NaN, words, null and booleans give the default with a warning', () => {
    expect(parseNumber('timeout', '5000')).to.equal(5000);
    expect(warnings()).to.deep.equal([]);
    for (const value of [NaN, 'soon', null, '', true, {}]) expect(parseNumber('timeout', value)).to.equal(300_000);
    expect(warnings()).to.have.length(6);
    expect(warnings()[1]).to.equal(
      '<bwell-connect>: timeout "soon" is not a number of ms within 1000…2147483647; using 300000.',
    );
    expect(parseNumber('timeout', undefined), 'unset is the default, silently').to.equal(300_000);
    expect(warnings()).to.have.length(6);
  });

  it('values that refuse to become text (a symbol, an object whose toString is not a function) never throw', () => {
    const hostile = [Symbol('x'), { toString: false }, Object.create(null)];
    for (const value of hostile) expect(parseNumber('timeout', value)).to.equal(300_000);
    expect(parseOrigins(hostile)).to.deep.equal([]);
    expect(parseMode(hostile[1])).to.equal('popup');
    expect(warnings(), 'three numbers, one list of origins, one mode').to.have.length(5);
    expect(warnings()[0]).to.equal(
      '<bwell-connect>: timeout "Symbol(x)" is not a number of ms within 1000…2147483647; using 300000.',
    );
  });

  it('numbers: any value gives a number within the range', () => {
    fc.assert(
      fc.property(
        fc.anything(),
        fc.constantFrom(...(Object.keys(NUMBER_SETTINGS) as Array<keyof typeof NUMBER_SETTINGS>)),
        (value, name) => {
          const parsed = parseNumber(name, value);
          return parsed >= NUMBER_SETTINGS[name].min && parsed <= NUMBER_SETTINGS[name].max;
        },
      ),
    );
  });

  it('origins: a string separated by spaces or commas, or an array, normalised to origins', () => {
    expect(parseOrigins('https://a.example/path, https://b.example:8443  http://localhost:3000/')).to.deep.equal([
      'https://a.example',
      'https://b.example:8443',
      'http://localhost:3000',
    ]);
    expect(parseOrigins(['https://a.example/x'])).to.deep.equal(['https://a.example']);
    expect(parseOrigins([]), 'an explicit empty list trusts none').to.deep.equal([]);
    expect(parseOrigins(undefined)).to.equal(undefined);
    expect(warnings()).to.deep.equal([]);
  });

  it('origins: an empty or blank attribute is the default, with a warning that quotes it', () => {
    expect(parseOrigins('')).to.equal(undefined);
    expect(parseOrigins(' \t ')).to.equal(undefined);
    expect(warnings()).to.deep.equal([
      `<bwell-connect>: trusted-origins "" is not a list of origins; using the default (b.well's completion page).`,
      `<bwell-connect>: trusted-origins " \\t " is not a list of origins; using the default (b.well's completion page).`,
    ]);
  });

  it('origins: invalid entries and opaque origins dropped, one warning for them all; other types trust none', () => {
    expect(parseOrigins(['nope', 7, 'data:text/html,x', 'https://ok.example'])).to.deep.equal(['https://ok.example']);
    expect(warnings()).to.deep.equal([
      '<bwell-connect>: trusted-origins entry "nope and 2 more" is not an origin; using none for it.',
    ]);
    expect(parseOrigins(42), 'another type trusts nothing').to.deep.equal([]);
    expect(warnings()).to.have.length(2);
  });

  it('origins: twenty thousand bad entries give one warning; past the first 100, entries are dropped unread', () => {
    expect(parseOrigins(Array.from({ length: 20_000 }, (_, i) => `bad-${i}`).join(' '))).to.deep.equal([]);
    expect(warnings()).to.deep.equal([
      '<bwell-connect>: trusted-origins entry "bad-0 and 19999 more" is not an origin; using none for it.',
    ]);
    const many = Array.from({ length: 101 }, (_, i) => `https://o${i}.example`);
    expect(parseOrigins(many)).to.have.length(100);
    expect(warnings()).to.have.length(2);
  });

  it('origins: any value gives undefined or a list of real origins, never an exception', () => {
    fc.assert(
      fc.property(fc.anything(), (value) => {
        const parsed = parseOrigins(value);
        return parsed === undefined || parsed.every((origin) => origin !== 'null' && new URL(origin).origin === origin);
      }),
    );
  });

  it('mode: popup, redirect, auto; anything else is popup with a warning', () => {
    expect(['popup', 'redirect', 'auto'].map(parseMode)).to.deep.equal(['popup', 'redirect', 'auto']);
    expect(parseMode('Popup')).to.equal('popup');
    expect(parseMode('REDIRECT')).to.equal('popup');
    expect(parseMode(undefined)).to.equal('popup');
    expect(warnings()).to.have.length(2);
  });

  it('popup features: noopener and noreferrer removed with one warning; unset gives the default', () => {
    expect(parsePopupFeatures('width=500, noopener ,height=600,NoReferrer=1')).to.equal('width=500,height=600');
    expect(warnings()).to.have.length(1);
    expect(parsePopupFeatures('width=500,height=600')).to.equal('width=500,height=600');
    expect(parsePopupFeatures(undefined)).to.equal(DEFAULTS.popupFeatures);
    expect(warnings()).to.have.length(1);
  });

  it('popup features: read the way browsers tokenise them (spaces, tabs and = separate too)', () => {
    expect(parsePopupFeatures('width=500 noopener')).to.equal('width=500');
    expect(parsePopupFeatures('width=500\tnoreferrer')).to.equal('width=500');
    expect(parsePopupFeatures('width=500,=noopener')).to.equal('width=500');
    expect(parsePopupFeatures('noopener=1 width = 400')).to.equal('width=400');
    expect(warnings()).to.have.length(4);
  });

  it('popup features: empty, blank or not a string is the default, with a warning that quotes it', () => {
    for (const value of ['', '  ', 123]) expect(parsePopupFeatures(value)).to.equal(DEFAULTS.popupFeatures);
    expect(warnings()).to.deep.equal([
      `<bwell-connect>: popup-features "" is not a list of window features; using ${DEFAULTS.popupFeatures}.`,
      `<bwell-connect>: popup-features "  " is not a list of window features; using ${DEFAULTS.popupFeatures}.`,
      `<bwell-connect>: popup-features "123" is not a list of window features; using ${DEFAULTS.popupFeatures}.`,
    ]);
  });

  it('numbers: an empty or blank attribute is the default, with a warning that quotes it', () => {
    expect(parseNumber('timeout', '')).to.equal(300_000);
    expect(parseNumber('pollInterval', ' ')).to.equal(500);
    expect(parseNumber('requestTimeout', '')).to.equal(30_000);
    expect(warnings()).to.deep.equal([
      '<bwell-connect>: timeout "" is not a number of ms within 1000…2147483647; using 300000.',
      '<bwell-connect>: poll-interval " " is not a number of ms within 50…10000; using 500.',
      '<bwell-connect>: request-timeout "" is not a number of ms within 1000…2147483647; using 30000.',
    ]);
  });

  it('mode: an empty attribute is popup, with a warning that quotes it', () => {
    expect(parseMode('')).to.equal('popup');
    expect(warnings()).to.deep.equal(['<bwell-connect>: mode "" is not popup, redirect or auto; using popup.']);
  });
});
