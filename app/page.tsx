import { CatalogPage } from "@/components/catalog/CatalogPage";

export default function HomePage() {
  return <CatalogPage />;
}
