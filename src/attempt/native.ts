import { ReportedError } from '../status.js';
import type { AttemptContext, Presenter } from './contracts.js';

/** The native seam: the host app shows the URL (a Custom Tab, say) and reports back through `complete()`. */
export function nativePresenter(context: AttemptContext, openUrl: (url: URL) => void): Presenter {
  return {
    show(url) {
      context.enter('leaving');
      // A `complete('success')` is confirmed against the connection as it stood before the app showed the provider.
      if (context.options.verifySuccess) context.options.verifier?.begin(context.signal);
      try {
        openUrl(url);
      } catch {
        // The app's own error may quote the URL, which can carry secrets: only the fact is reported.
        throw new ReportedError('The openUrl function threw.');
      }
    },
  };
}
