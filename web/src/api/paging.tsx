import { Button } from "@mantine/core";
import { useInfiniteQuery, type QueryKey } from "@tanstack/react-query";
import { useTranslation } from "react-i18next";

/** A page of a list as the API answers it: its items and the opaque cursor of the next page. */
interface Page<T> {
  items: T[];
  next?: string | null;
}

/** The query parameter that asks for the page after `cursor` (none for the first page). */
export const after = (cursor: string | null) => (cursor ? { cursor } : {});

/** A cursor-paged list: pages fetched on demand, `rows` all the items loaded so far. */
export function usePaged<T>(queryKey: QueryKey, page: (cursor: string | null) => Promise<Page<T>>) {
  const query = useInfiniteQuery({
    queryKey,
    initialPageParam: null as string | null,
    queryFn: ({ pageParam }) => page(pageParam),
    getNextPageParam: (last) => last.next ?? undefined,
  });
  return { ...query, rows: query.data?.pages.flatMap((p) => p.items) ?? [] };
}

/** "Load more" while the API says there is a next page. */
export function MoreButton({ paged }: { paged: { hasNextPage: boolean; isFetchingNextPage: boolean; fetchNextPage: () => unknown } }) {
  const { t } = useTranslation();
  if (!paged.hasNextPage) return null;
  return (
    <Button variant="default" loading={paged.isFetchingNextPage} onClick={() => void paged.fetchNextPage()}>
      {t("customers.more")}
    </Button>
  );
}
