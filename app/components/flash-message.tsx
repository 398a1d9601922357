export function FlashMessage({ message }: { message: string }) {
  return (
    <div className="flash" role="status">
      {message}
    </div>
  );
}
