/* A Save or Submit clicked while Wagtail's autosave is still sending waits for it.

On a new page, the first autosave creates the page and then points the form at
the new page's edit view. A submit sent before that answer arrives goes to the
add view and creates the page a second time (under the next free slug), so it
is held until the autosave has answered, then sent on, to wherever the form
points by then, with the action of the button the editor clicked. */
(() => {
  const answered = new WeakMap(); // form -> a promise kept when its autosave has answered

  document.addEventListener("w-autosave:save", (event) => {
    if (event.defaultPrevented) return;
    const form = event.target;
    answered.set(
      form,
      new Promise((resolve) => {
        const done = () => {
          form.removeEventListener("w-autosave:success", done);
          form.removeEventListener("w-autosave:error", done);
          answered.delete(form);
          resolve();
        };
        form.addEventListener("w-autosave:success", done);
        form.addEventListener("w-autosave:error", done);
      }),
    );
  });

  document.addEventListener("submit", (event) => {
    const form = event.target;
    const autosave = answered.get(form);
    if (!autosave) return;
    event.preventDefault();
    const button = event.submitter;
    // An autosave that never answers must not leave the button dead.
    const patience = new Promise((resolve) => setTimeout(resolve, 10000));
    Promise.race([autosave, patience]).then(() => {
      answered.delete(form);
      // The button may be disabled by now (Wagtail marks it busy), and a
      // disabled button's action would not be sent.
      if (button && button.name) {
        const action = document.createElement("input");
        action.type = "hidden";
        action.name = button.name;
        action.value = button.value;
        form.append(action);
      }
      form.requestSubmit();
    });
  });
})();
