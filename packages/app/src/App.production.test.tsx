// A file of its own: the app reads its configuration once per module load.
import { render, screen } from '@testing-library/react';
import App from './App';

// the first render of the whole app takes a few seconds in jsdom
jest.setTimeout(30_000);

describe('App in production', () => {
  it('offers Authentik and not guest when portal.signIn.providers names authentik', async () => {
    process.env = {
      NODE_ENV: 'test',
      APP_CONFIG: [
        {
          data: {
            app: { title: 'ProficientNow Platform Portal' },
            backend: { baseUrl: 'http://localhost:7007' },
            portal: { signIn: { providers: ['authentik'] } },
          },
          context: 'test',
        },
      ] as any,
    };

    render(App.createRoot());

    expect(
      await screen.findByText(
        'Sign in with your ProficientNow account',
        {},
        { timeout: 10_000 },
      ),
    ).toBeInTheDocument();
    expect(screen.queryByText('Guest')).not.toBeInTheDocument();
  });
});
