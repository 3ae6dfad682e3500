import { expect } from '@open-wc/testing';
import * as fc from 'fast-check';
import * as sinon from 'sinon';
import { MAX_DELAY, NUMBER_SETTINGS, parseMode, parseNumber, parseOrigins, parsePopupFeatures } from '../src/settings.js';

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
    expect(warnings()[0]).to.equal('<bwell-connect>: timeout "9007199254740991" is not a number of ms within 1000…2147483647; using 2147483647.');
  });

  it('numbers: numeric strings count; NaN, words, null and booleans give the default with a warning', () => {
    expect(parseNumber('timeout', '5000')).to.equal(5000);
    expect(warnings()).to.deep.equal([]);
    for (const value of [NaN, 'soon', null, '', true, {}]) expect(parseNumber('timeout', value)).to.equal(300_000);
    expect(warnings()).to.have.length(6);
    expect(warnings()[1]).to.equal('<bwell-connect>: timeout "soon" is not a number of ms within 1000…2147483647; using 300000.');
    expect(parseNumber('timeout', undefined), 'unset is the default, silently').to.equal(300_000);
    expect(warnings()).to.have.length(6);
  });

  it('values that refuse to become text (a symbol, an object whose toString is not a function) never throw', () => {
    const hostile = [Symbol('x'), { toString: false }, Object.create(null)];
    for (const value of hostile) expect(parseNumber('timeout', value)).to.equal(300_000);
    expect(parseOrigins(hostile)).to.deep.equal([]);
    expect(parseMode(hostile[1])).to.equal('popup');
    expect(warnings()).to.have.length(7);
    expect(warnings()[0]).to.equal('<bwell-connect>: timeout "Symbol(x)" is not a number of ms within 1000…2147483647; using 300000.');
  });

  it('numbers: any value gives a number within the range', () => {
    fc.assert(
      fc.property(fc.anything(), fc.constantFrom(...(Object.keys(NUMBER_SETTINGS) as Array<keyof typeof NUMBER_SETTINGS>)), (value, name) => {
        const parsed = parseNumber(name, value);
        return parsed >= NUMBER_SETTINGS[name].min && parsed <= NUMBER_SETTINGS[name].max;
      }),
    );
  });

  it('origins: a string separated by spaces or commas, or an array, normalised to origins', () => {
    expect(parseOrigins('https://a.example/path, https://b.example:8443  http://localhost:3000/')).to.deep.equal([
      'https://a.example',
      'https://b.example:8443',
      'http://localhost:3000',
    ]);
    expect(parseOrigins(['https://a.example/x'])).to.deep.equal(['https://a.example']);
    expect(parseOrigins('')).to.deep.equal([]);
    expect(parseOrigins(undefined)).to.equal(undefined);
    expect(warnings()).to.deep.equal([]);
  });

  it('origins: invalid entries and opaque origins dropped, one warning each; other types give the default', () => {
    expect(parseOrigins(['nope', 7, 'data:text/html,x', 'https://ok.example'])).to.deep.equal(['https://ok.example']);
    expect(warnings()).to.deep.equal([
      '<bwell-connect>: trusted origin "nope" is not an origin; using none.',
      '<bwell-connect>: trusted origin "7" is not an origin; using none.',
      '<bwell-connect>: trusted origin "data:text/html,x" is not an origin; using none.',
    ]);
    expect(parseOrigins(42), 'another type trusts nothing').to.deep.equal([]);
    expect(warnings()).to.have.length(4);
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

  it('popup features: noopener and noreferrer removed with one warning; a non-string gives the default', () => {
    expect(parsePopupFeatures('width=500, noopener ,height=600,NoReferrer=1', 'default')).to.equal('width=500,height=600');
    expect(warnings()).to.have.length(1);
    expect(parsePopupFeatures('width=500,height=600', 'default')).to.equal('width=500,height=600');
    expect(parsePopupFeatures(undefined, 'default')).to.equal('default');
    expect(warnings()).to.have.length(1);
  });
});
