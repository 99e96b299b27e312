import { render } from "preact";

render(<p>CORS Doctor panel</p>, document.getElementById("app")!);
