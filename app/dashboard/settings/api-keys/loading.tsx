import { SettingsLoading } from "@/components/dashboard/settings/admin-only";

export default function Loading() {
  return <SettingsLoading title="API keys" />;
}
