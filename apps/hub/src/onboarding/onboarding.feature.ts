/** Onboarding a township (#13, docs/onboarding.md): the admin's import route, joined to AppModule's lists like the other features. */
import { AdminController } from './admin.controller';
import { AdminImports } from './admin-imports';
import { TownshipImport } from './township-import';

export const OnboardingFeature = {
  controllers: [AdminController],
  providers: [TownshipImport, AdminImports],
} as const;
